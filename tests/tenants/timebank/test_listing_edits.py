"""Editing an open listing, and the filters' choices the offers page shows (issue 12)."""

import pytest
from django.db.models import F
from django_tenants.utils import schema_context

from sharepool.tenants.neighbourhood.services import building_for_text
from sharepool.tenants.timebank.errors import TimebankError, TimebankErrorCode
from sharepool.tenants.timebank.models import Category, Offer, ServiceRequest
from sharepool.tenants.timebank.services import (
    do_close_request,
    do_edit_offer,
    do_edit_request,
    do_post_offer,
    do_post_request,
    listing_filter_choices,
    offers,
)
from tests.tenants.cast import category, tenant_state


def test_its_author_and_a_worker_edit_an_open_listing(world):
    # given
    cast = world.cast
    offer = do_post_offer(actor_id=cast.bob.id, category_id=category().id, title="修水管")

    # when
    do_edit_offer(actor_id=cast.bob.id, offer_id=offer.id, category_id=category().id, title=" 修水管和电路 ")
    by_worker = do_edit_offer(
        actor_id=cast.worker.id,
        offer_id=offer.id,
        category_id=category("household-repair").id,
        title="修水管和电路",
        description="周末",
    )

    # then
    offer.refresh_from_db()
    assert (offer.title, offer.category.code, offer.description) == (
        "修水管和电路",
        "household-repair",
        "周末",
    )
    assert by_worker.id == offer.id and world.minle_untouched()


@pytest.mark.parametrize(
    "who, title, closed, code",
    [
        ("alice", "我的了", False, TimebankErrorCode.WRONG_ACTOR),
        ("bob", "  ", False, TimebankErrorCode.TITLE_REQUIRED),
        ("bob", "修水管", True, TimebankErrorCode.LISTING_NOT_OPEN),
    ],
)
def test_an_edit_refused_changes_nothing(world, who, title, closed, code):
    # given
    cast = world.cast
    request = do_post_request(actor_id=cast.bob.id, category_id=category().id, title="找人修窗户")
    if closed:
        do_close_request(actor_id=cast.bob.id, request_id=request.id)
    before = tenant_state()

    # when
    with pytest.raises(TimebankError) as refused:
        do_edit_request(
            actor_id=getattr(cast, who).id, request_id=request.id, category_id=category().id, title=title
        )

    # then
    assert refused.value.code == code
    assert tenant_state() == before
    request.refresh_from_db()
    assert request.title == "找人修窗户"


def test_listings_are_filtered_by_their_members_building(world):
    # given
    cast = world.cast
    for member, building in ((cast.bob, "3栋"), (cast.alice, "7栋")):
        member.building = building_for_text(building)
        member.save(update_fields=["building"])
        do_post_offer(actor_id=member.id, category_id=category().id, title=f"{building}的服务")

    # then
    assert [o.title for o in offers(building="3栋")] == ["3栋的服务"]
    assert listing_filter_choices(Offer).buildings == ["3栋", "7栋"]


def test_the_building_filter_offers_the_buildings_of_open_listings_of_its_kind_only(world):
    # given: two open offers from 7栋 and 3栋, a closed one from 9栋, one from a member with no building,
    # a request from 5栋; Minle's resident in 1栋 with an open offer
    cast = world.cast
    for member, building in (
        (cast.bob, "7栋"),
        (cast.alice, "3栋"),
        (cast.carol, "9栋"),
        (cast.worker, "5栋"),
    ):
        member.building = building_for_text(building)
        member.save(update_fields=["building"])
    do_post_offer(actor_id=cast.bob.id, category_id=category().id, title="修水管")
    do_post_offer(actor_id=cast.bob.id, category_id=category().id, title="换灯泡")
    do_post_offer(actor_id=cast.alice.id, category_id=category().id, title="陪聊")
    closed = do_post_offer(actor_id=cast.carol.id, category_id=category().id, title="修车")
    Offer.objects.filter(id=closed.id).update(status=Offer.Status.CLOSED)
    do_post_offer(actor_id=cast.coordinator.id, category_id=category().id, title="没有楼栋的服务")
    do_post_request(actor_id=cast.worker.id, category_id=category().id, title="找人修窗户")
    with schema_context(world.minle_schema):
        world.minle.alice.building = building_for_text("1栋")
        world.minle.alice.save(update_fields=["building"])
        do_post_offer(actor_id=world.minle.alice.id, category_id=category().id, title="民乐的服务")

    # then: each name once, in order, and nothing of Minle's
    assert listing_filter_choices(Offer).buildings == ["3栋", "7栋"]
    assert listing_filter_choices(ServiceRequest).buildings == ["5栋"]
    with schema_context(world.minle_schema):
        assert listing_filter_choices(Offer).buildings == ["1栋"]


def test_the_category_filter_offers_the_active_categories_in_their_order(world):
    # given: the seeded categories, one moved first, one made inactive; in Minle, one renamed
    first, retired = Category.objects.order_by("id")[2], Category.objects.order_by("id")[3]
    Category.objects.exclude(id=first.id).update(position=F("position") + 1)
    Category.objects.filter(id=first.id).update(position=0)
    Category.objects.filter(id=retired.id).update(active=False)
    with schema_context(world.minle_schema):
        Category.objects.filter(id=first.id).update(name="民乐的类别")
        minle = [(c.id, c.name) for c in Category.objects.filter(active=True)]

    # then: as the ORM orders them (Category.Meta), with no building listed among them
    expected = [(c.id, c.name) for c in Category.objects.filter(active=True)]
    choices = listing_filter_choices(Offer)
    assert choices.categories == expected and choices.categories[0] == (first.id, first.name)
    assert retired.id not in [category_id for category_id, _name in choices.categories]
    assert choices.buildings == []
    with schema_context(world.minle_schema):
        assert listing_filter_choices(Offer).categories == minle != expected
