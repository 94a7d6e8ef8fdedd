"""Offers and requests: posting, searching, closing, expiry; skills and collective contacts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sharepool.tenants.ledger.errors import ActorError, ActorErrorCode
from sharepool.tenants.timebank.errors import TimebankError, TimebankErrorCode
from sharepool.tenants.timebank.models import Category, Offer, ServiceRequest
from sharepool.tenants.timebank.services import (
    do_add_collective_contact,
    do_close_offer,
    do_close_request,
    do_expire_listings,
    do_post_offer,
    do_post_request,
    do_set_member_skills,
    offers,
    service_requests,
)
from tests.tenants.cast import category, tenant_state


def test_every_community_starts_with_the_nine_categories(world):
    assert list(Category.objects.values_list("name", flat=True)) == [
        "家居维修",
        "水电维修",
        "托管与辅导",
        "助老服务",
        "健康服务",
        "出行接送",
        "文体活动",
        "数字帮扶",
        "公益志愿",
    ]


def test_offers_are_found_by_category_text_and_status(world):
    # given
    bob, carol = world.cast.bob, world.cast.carol
    pipes = do_post_offer(
        actor_id=bob.id, category_id=category().id, title="修水管", description="二十年水电经验"
    )
    do_post_offer(actor_id=carol.id, category_id=category("childcare-tutoring").id, title="辅导小学数学")
    closed = do_post_offer(actor_id=bob.id, category_id=category().id, title="换灯泡")
    do_close_offer(actor_id=bob.id, offer_id=closed.id)

    # when / then
    assert [o.id for o in offers(category_id=category().id, status="open")] == [pipes.id]
    assert [o.title for o in offers(text="水电")] == ["修水管"]
    assert [o.title for o in offers(status="closed")] == ["换灯泡"]
    assert offers().count() == 3
    assert world.minle_untouched()


def test_a_listing_expires_after_the_community_set_days(world):
    # given: the community lets listings live 60 days
    now = timezone.now()
    old = do_post_request(
        actor_id=world.cast.alice.id, category_id=category().id, title="修门锁", now=now - timedelta(days=61)
    )
    fresh = do_post_request(actor_id=world.cast.alice.id, category_id=category().id, title="修窗户", now=now)
    offer = do_post_offer(
        actor_id=world.cast.bob.id,
        category_id=category().id,
        title="修水管",
        now=now - timedelta(days=60, seconds=1),
    )

    # when
    expired = do_expire_listings(now=now)

    # then
    assert expired == 2
    assert ServiceRequest.objects.get(id=old.id).status == "expired"
    assert ServiceRequest.objects.get(id=fresh.id).status == "open"
    assert Offer.objects.get(id=offer.id).status == "expired"
    assert fresh.expires_at - now == timedelta(days=60)
    assert [r.title for r in service_requests(status="open")] == ["修窗户"]
    assert do_expire_listings(now=now) == 0


def test_a_worker_posts_for_a_member_and_only_the_author_or_a_worker_closes(world):
    # given
    request = do_post_request(
        actor_id=world.cast.worker.id,
        on_behalf_of_id=world.cast.alice.id,
        category_id=category().id,
        title="修门锁",
    )
    before = tenant_state()

    # when
    with pytest.raises(TimebankError) as refused:
        do_close_request(actor_id=world.cast.bob.id, request_id=request.id)
    after_refusal = tenant_state()
    do_close_request(actor_id=world.cast.worker.id, request_id=request.id)

    # then
    assert request.member_id == world.cast.alice.id
    assert refused.value.code == TimebankErrorCode.WRONG_ACTOR
    assert after_refusal == before
    assert ServiceRequest.objects.get(id=request.id).status == "closed"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": "  "}, TimebankErrorCode.TITLE_REQUIRED),
        ({"category_id": 99_999}, TimebankErrorCode.CATEGORY_NOT_FOUND),
        ({"actor_id": 99_999}, ActorErrorCode.MEMBER_NOT_FOUND),
    ],
)
def test_a_bad_offer_is_refused_with_its_code(world, fields, code):
    # given
    before = tenant_state()
    arguments = {"actor_id": world.cast.bob.id, "category_id": category().id, "title": "修水管"}

    # when
    with pytest.raises((TimebankError, ActorError)) as refused:
        do_post_offer(**(arguments | fields))

    # then
    assert refused.value.code == code
    assert tenant_state() == before


def test_closing_twice_is_refused(world):
    # given
    offer = do_post_offer(actor_id=world.cast.bob.id, category_id=category().id, title="修水管")
    do_close_offer(actor_id=world.cast.bob.id, offer_id=offer.id)
    before = tenant_state()

    # when
    with pytest.raises(TimebankError) as refused:
        do_close_offer(actor_id=world.cast.bob.id, offer_id=offer.id)

    # then
    assert refused.value.code == TimebankErrorCode.LISTING_NOT_OPEN
    assert tenant_state() == before


def test_skills_come_from_categories_and_collectives_name_contacts(world):
    # when
    skills = do_set_member_skills(
        actor_id=world.cast.bob.id, category_ids=[category().id, category("household-repair").id]
    )
    skills = do_set_member_skills(actor_id=world.cast.bob.id, category_ids=[category().id])
    contact = do_add_collective_contact(
        actor_id=world.cast.office.id, name="赵经理", phone="13800000000", role="经理"
    )
    with pytest.raises(TimebankError) as refused:
        do_add_collective_contact(actor_id=world.cast.bob.id, name="x")

    # then
    assert [s.category.code for s in skills] == ["plumbing-electrics"]
    assert (contact.member_id, contact.name) == (world.cast.office.id, "赵经理")
    assert refused.value.code == TimebankErrorCode.NOT_COLLECTIVE
