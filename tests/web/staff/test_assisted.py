"""/staff/members/new/, the member card, and acting for a member in the time bank (issue 14)."""

from django_tenants.utils import schema_context

from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.members.models import Member
from sharepool.tenants.timebank.models import Exchange, ExchangeEvent, Offer
from sharepool.tenants.timebank.services import do_accept_exchange, do_complete_exchange, do_post_offer
from tests.tenants.cast import balance, category, give
from tests.web.pages import back_to, client_of, queries_of
from tests.web.staff.conftest import members_state


def register(client, **fields) -> object:
    data = {
        "displayName": "孙奶奶",
        "phone": "",
        "building": "3栋",
        "unit": "2单元",
        "skills": "剪纸",
        "consent": "on",
    }
    data.update(fields)
    return client.post("/staff/members/new/", {k: v for k, v in data.items() if v is not None})


def test_a_worker_registers_an_elder_with_no_phone_and_prints_the_card(world, beizhan):
    client = client_of(beizhan, world.cast.worker)

    response = register(client)

    back_to(beizhan)
    elder = Member.objects.get(display_name="孙奶奶")
    assert response.status_code == 302 and response.headers["Location"] == f"/staff/members/{elder.id}/"
    assert (elder.status, elder.phone, elder.assisted, elder.consent_recorded_by_id) == (
        Member.Status.ACTIVE,
        "",
        True,
        world.cast.worker.id,
    )
    page = client.get(f"/staff/members/{elder.id}/")
    assert "王社工" in page.text and "data-consent" in page.text
    card = client.get(f"/staff/members/{elder.id}/card/")
    assert card.status_code == 200
    assert f'data-figure="member-number">{elder.member_number}<' in card.text
    assert "北站社区" in card.text and "孙奶奶" in card.text
    assert "<svg" in card.text  # the QR code, drawn on the page
    assert world.minle_untouched()


def test_registration_refusals_are_shown_on_the_form_and_nothing_is_written(world, beizhan):
    client = client_of(beizhan, world.cast.worker)
    before = members_state()

    no_consent = register(client, consent=None)
    bad_phone = register(client, phone="12345")

    back_to(beizhan)
    assert dict(no_consent.context["form"].errors.items()) == {
        "consent": ["请在居民同意保存这些信息后勾选此项。"]
    }
    assert dict(bad_phone.context["form"].errors.items()) == {"phone": ["请输入11位手机号码，或者留空。"]}
    assert members_state() == before


def test_a_coordinator_or_resident_cannot_register_or_act(world, beizhan):
    before = members_state()
    for someone in (world.cast.coordinator, world.cast.alice):
        client = client_of(beizhan, someone)
        assert register(client).status_code == 403
        assert client.get(f"/staff/members/{world.cast.bob.id}/act/").status_code == 403
    back_to(beizhan)
    assert members_state() == before


def test_a_worker_records_a_service_an_elder_received_on_their_behalf(world, beizhan):
    # given: an elder registered by the worker, with two hours, and 刘师傅's offer to fix pipes
    worker, bob = world.cast.worker, world.cast.bob
    client = client_of(beizhan, worker)
    register(client)
    back_to(beizhan)
    elder = Member.objects.get(display_name="孙奶奶")
    give(elder, 120)
    offer = do_post_offer(actor_id=bob.id, category_id=category().id, title="修水管", description="")

    # when: the worker asks for it for her; 刘师傅 accepts and records 90 minutes; the worker confirms for her
    act = client.get(f"/staff/members/{elder.id}/act/")
    assert f'data-offer="{offer.id}"' in act.text
    client.post(f"/staff/members/{elder.id}/act/offer/{offer.id}/", {"note": "厨房水管漏水"})
    back_to(beizhan)
    exchange = Exchange.objects.get(offer=offer)
    do_accept_exchange(actor_id=bob.id, exchange_id=exchange.id)
    do_complete_exchange(actor_id=bob.id, exchange_id=exchange.id, minutes=90)
    page = client.get(f"/staff/members/{elder.id}/act/")
    key = page.context["rows"][0]["forms"]["confirm"]["idempotencyKey"].initial
    confirm = f"/staff/members/{elder.id}/act/exchanges/{exchange.id}/confirm/"
    client.post(confirm, {"idempotencyKey": key})
    client.post(confirm, {"idempotencyKey": key})  # a double tap

    # then: the hours moved once; the worker is the actor, the elder the party
    back_to(beizhan)
    exchange.refresh_from_db()
    assert exchange.state == Exchange.State.CONFIRMED
    assert (balance(elder), balance(bob)) == (30, 90)
    assert Transfer.objects.filter(kind=Transfer.Kind.EXCHANGE).count() == 1
    events = ExchangeEvent.objects.filter(exchange=exchange).order_by("id")
    assert [(e.to_state, e.actor_id, e.on_behalf_of_id) for e in events] == [
        ("requested", worker.id, elder.id),
        ("accepted", bob.id, None),
        ("completed", bob.id, None),
        ("confirmed", worker.id, elder.id),
    ]
    assert world.minle_untouched()


def test_acting_for_a_member_of_another_community_is_impossible(world, beizhan, minle):
    with schema_context(minle.schema_name):
        minle_offer = Offer.objects.filter().first()
    client = client_of(beizhan, world.cast.worker)

    missing = client.get("/staff/members/999999/act/")

    assert missing.status_code == 404
    assert (
        minle_offer is None
        or f'data-offer="{minle_offer.id}"'
        not in client.get(f"/staff/members/{world.cast.alice.id}/act/").text
    )
    assert world.minle_untouched()


def test_the_act_page_takes_the_same_queries_for_few_or_many_listings(world, beizhan):
    client = client_of(beizhan, world.cast.worker)
    path = f"/staff/members/{world.cast.alice.id}/act/"
    do_post_offer(actor_id=world.cast.bob.id, category_id=category().id, title="修水管", description="")
    few = queries_of(client, path)
    back_to(beizhan)
    for i in range(12):
        do_post_offer(
            actor_id=world.cast.carol.id, category_id=category().id, title=f"辅导{i}", description=""
        )

    assert queries_of(client, path) == few
