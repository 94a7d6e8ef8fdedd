"""/offers/ and /requests/: browse, post, edit, close, and a listing's page with its member's profile."""

from django_tenants.utils import schema_context

from sharepool.tenants.neighbourhood.services import building_for_text
from sharepool.tenants.timebank.models import Offer, ServiceRequest
from sharepool.tenants.timebank.services import do_post_offer, do_post_request
from tests.tenants.cast import category, tenant_state
from tests.web.pages import back_to, client_of, form_errors, queries_of


def post_offer(member, title, code="plumbing-electrics"):
    return do_post_offer(actor_id=member.id, category_id=category(code).id, title=title)


def test_offers_are_browsed_by_category_search_and_building_in_chinese(world, beizhan):
    # given
    cast = world.cast
    cast.bob.building, cast.alice.building = building_for_text("3栋"), building_for_text("7栋")
    cast.bob.save(update_fields=["building"])
    cast.alice.save(update_fields=["building"])
    drains = post_offer(cast.bob, "疏通下水道")
    post_offer(cast.alice, "陪老人聊天", code="elder-care")
    closed = post_offer(cast.alice, "修自行车")
    closed.status = Offer.Status.CLOSED
    closed.save()
    client = client_of(beizhan, cast.carol)

    # when
    everything = client.get("/offers/")
    plumbing = client.get("/offers/", {"categoryId": category().id})
    searched = client.get("/offers/", {"text": "聊天"})
    building = client.get("/offers/", {"building": "3栋"})

    # then
    assert everything.status_code == 200
    body = everything.content.decode()
    assert "疏通下水道" in body and "陪老人聊天" in body and "修自行车" not in body
    assert '<html lang="zh-hans"' in body
    assert [o.title for o in plumbing.context["page"].object_list] == [drains.title]
    assert [o.title for o in searched.context["page"].object_list] == ["陪老人聊天"]
    assert [o.title for o in building.context["page"].object_list] == ["疏通下水道"]


def test_the_offers_page_costs_the_same_queries_for_two_or_twelve_offers(world, beizhan):
    # given
    client = client_of(beizhan, world.cast.carol)
    for n in range(2):
        post_offer(world.cast.bob, f"服务{n}")
    two = queries_of(client, "/offers/")
    back_to(beizhan)
    for n in range(10):
        post_offer(world.cast.alice if n % 2 else world.cast.bob, f"更多服务{n}")

    # when
    twelve = queries_of(client, "/offers/")

    # then
    assert two == twelve


def test_a_resident_posts_an_offer_and_reads_it_back(world, beizhan):
    # given
    client = client_of(beizhan, world.cast.bob)

    # when
    response = client.post(
        "/offers/new/", {"categoryId": category().id, "title": "修水管", "description": "周末有空"}
    )

    # then
    back_to(beizhan)
    offer = Offer.objects.get(title="修水管")
    assert response.status_code == 302 and response["Location"] == f"/offers/{offer.id}/"
    assert (offer.member_id, offer.description, offer.status) == (world.cast.bob.id, "周末有空", "open")


def test_a_blank_title_is_refused_in_chinese_and_nothing_is_written(world, beizhan):
    # given
    client = client_of(beizhan, world.cast.bob)
    before = tenant_state()

    # when
    response = client.post("/requests/new/", {"categoryId": category().id, "title": "   "})

    # then
    assert response.status_code == 200
    assert form_errors(response) == {"title": ["请填写标题。"]}
    assert "请填写标题。" in response.content.decode()
    back_to(beizhan)
    assert tenant_state() == before and ServiceRequest.objects.count() == 0


def test_an_unknown_category_is_the_domains_error_on_its_field(world, beizhan):
    client = client_of(beizhan, world.cast.bob)
    before = tenant_state()

    response = client.post("/offers/new/", {"categoryId": 999_999, "title": "修水管"})

    assert form_errors(response) == {"categoryId": ["没有这个服务类别。"]}
    back_to(beizhan)
    assert tenant_state() == before


def test_its_author_edits_and_closes_an_offer_and_nobody_else_can(world, beizhan):
    # given
    offer = post_offer(world.cast.bob, "修水管")
    author, other = client_of(beizhan, world.cast.bob), client_of(beizhan, world.cast.carol)
    before = tenant_state()

    # when another member tries
    edit = other.post(f"/offers/{offer.id}/edit/", {"categoryId": category().id, "title": "我的了"})
    close = other.post(f"/offers/{offer.id}/close/")

    # then they are refused and nothing changed
    assert form_errors(edit) == {"__all__": ["只有发布人或社区工作者可以修改。"]}
    assert form_errors(close, "close_form") == {"__all__": ["只有发布人或社区工作者可以关闭。"]}
    back_to(beizhan)
    assert tenant_state() == before and Offer.objects.get(id=offer.id).title == "修水管"

    # when the author does
    edited = author.post(
        f"/offers/{offer.id}/edit/", {"categoryId": category("elder-care").id, "title": "修水管和电路"}
    )
    closed = author.post(f"/offers/{offer.id}/close/")

    # then
    assert edited.status_code == closed.status_code == 302
    back_to(beizhan)
    offer.refresh_from_db()
    assert (offer.title, offer.category.code, offer.status) == ("修水管和电路", "elder-care", "closed")


def test_a_listing_shows_its_members_public_profile_with_the_phone_masked(world, beizhan):
    # given
    bob = world.cast.bob
    bob.phone, bob.building = "13912345678", building_for_text("3栋")
    bob.save(update_fields=["phone", "building"])
    request = do_post_request(actor_id=bob.id, category_id=category().id, title="找人修窗户")
    client = client_of(beizhan, world.cast.carol)

    # when
    body = client.get(f"/requests/{request.id}/").content.decode()

    # then
    assert "找人修窗户" in body and "刘师傅" in body and "3栋" in body
    assert "13912345678" not in body and "139****5678" in body


def test_a_member_of_another_community_sees_nothing_of_this_one(world, beizhan, minle):
    # given an offer in beizhan, and a resident of minle signed in on minle's host
    offer = post_offer(world.cast.bob, "北站的修水管")
    with schema_context(minle.schema_name):
        minle_client = client_of(minle, world.minle.alice)

    # when they look on their own host, and take their cookie to beizhan's host
    own_host = minle_client.get(f"/offers/{offer.id}/")
    listing = minle_client.get("/offers/")
    foreign = minle_client.get("/offers/", HTTP_HOST=beizhan.domain)
    post = minle_client.post(
        "/offers/new/", {"categoryId": category().id, "title": "x"}, HTTP_HOST=beizhan.domain
    )

    # then
    assert own_host.status_code == 404
    assert "北站的修水管" not in listing.content.decode()
    assert foreign.status_code == 302 and foreign["Location"].startswith("/login/")
    assert post.status_code == 302 and post["Location"].startswith("/login/")
    back_to(beizhan)
    assert Offer.objects.count() == 1
    assert world.minle_untouched()
