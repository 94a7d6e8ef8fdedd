"""/offers/ and /requests/: the filter form and the cards, rendered once for what they show (issue 12).

timebank/views.filters_key and CARD_SHOWS hold every value these parts show. Each test changes one and
reads the page again; Minle holds a listing with the same id and its residents read only their own.
"""

import re

from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.services import building_for_text
from sharepool.tenants.timebank.models import Category, Offer, ServiceRequest
from sharepool.tenants.timebank.services import do_post_request
from tests.tenants.cast import category
from tests.web.pages import client_of
from tests.web.timebank.test_listing_pages import post_offer


def cards(html: str) -> str:
    return re.search(r'<ul class="cards">.*?</ul>', html, re.S).group(0)


def filters(html: str) -> str:
    return re.search(r'<form method="get" class="filters".*?</form>', html, re.S).group(0)


def test_a_card_shows_a_changed_title_category_name_member_name_and_building(world, beizhan):
    offer = post_offer(world.cast.bob, "疏通下水道")
    client = client_of(beizhan, world.cast.carol)
    page = lambda: cards(client.get("/offers/").content.decode())  # noqa: E731
    assert "疏通下水道" in page() and "刘师傅" in page()

    # One change at a time, each read back: every value is part of the cards' key.
    Offer.objects.filter(id=offer.id).update(title="修水龙头")
    assert "修水龙头" in page() and "疏通下水道" not in page()

    Category.objects.filter(id=offer.category_id).update(name="管道疏通")
    assert "管道疏通 · 刘师傅" in page()

    Member.objects.filter(id=world.cast.bob.id).update(display_name="刘师父")
    assert "管道疏通 · 刘师父" in page() and "刘师傅" not in page()

    Member.objects.filter(id=world.cast.bob.id).update(building=building_for_text("3栋"))
    assert "刘师父 · 3栋</span>" in page()


def test_offers_and_requests_with_the_same_id_link_to_their_own_pages(world, beizhan):
    offer = post_offer(world.cast.bob, "同名服务")
    request = do_post_request(actor_id=world.cast.bob.id, category_id=category().id, title="同名服务")
    ServiceRequest.objects.filter(id=request.id).update(id=offer.id)
    client = client_of(beizhan, world.cast.carol)

    offers, requests = client.get("/offers/").content.decode(), client.get("/requests/").content.decode()

    assert f'href="/offers/{offer.id}/"' in cards(offers)
    assert f'href="/requests/{offer.id}/"' in cards(requests) and "/offers/" not in cards(requests)


def test_the_filter_form_shows_what_was_asked_new_buildings_and_its_error(world, beizhan):
    post_offer(world.cast.bob, "疏通下水道")
    client = client_of(beizhan, world.cast.carol)

    plain = filters(client.get("/offers/").content.decode())
    asked = filters(client.get("/offers/", {"text": "下水道"}).content.decode())
    world.cast.bob.building = building_for_text("3栋")
    world.cast.bob.save(update_fields=["building"])
    with_building = filters(client.get("/offers/").content.decode())
    refused = filters(client.get("/offers/", {"text": "bad\x00"}).content.decode())
    english = filters(client.get("/offers/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    Category.objects.filter(code="plumbing-electrics").update(name="上下水与电路")
    renamed = filters(client.get("/offers/").content.decode())

    assert 'name="text"' in plain and 'value="下水道"' not in plain and "3栋" not in plain
    assert 'value="下水道"' in asked
    assert '<option value="3栋">3栋</option>' in with_building
    assert 'class="field invalid"' in refused and 'class="field invalid"' not in plain
    assert "All categories" in english and "全部类别" in plain
    assert ">上下水与电路</option>" in renamed and ">上下水与电路</option>" not in plain


def test_a_resident_of_minle_reads_minle_s_listing_with_the_same_id(world, beizhan, minle):
    mine = post_offer(world.cast.bob, "北站修水管")
    with schema_context(minle.schema_name):
        Offer.objects.create(
            id=mine.id,
            member=world.minle.bob,
            category=Category.objects.get(code="plumbing-electrics"),
            title="民乐修水管",
            expires_at=mine.expires_at,
        )

    beizhan_cards = cards(client_of(beizhan, world.cast.carol).get("/offers/").content.decode())
    minle_cards = cards(client_of(minle, world.minle.carol).get("/offers/").content.decode())

    assert "北站修水管" in beizhan_cards and "民乐" not in beizhan_cards
    assert "民乐修水管" in minle_cards and "北站" not in minle_cards
