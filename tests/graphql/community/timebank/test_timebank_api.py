"""The time bank through the community API: a resident's whole journey, refusals as codes, no leaks."""

from django_tenants.utils import schema_context

from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.services import (
    community_pool,
    do_transfer,
    member_account_id,
    member_account_ids,
)
from sharepool.tenants.members.models import Member
from sharepool.tenants.timebank.models import Category
from tests.graphql.conftest import add_member, gql, token_for
from tests.tenants.cast import credit_line, give, tenant_state
from tests.web.conftest import signed_in

HOST = "beizhan.localhost"
POST_OFFER = """mutation ($input: PostListingInput!) {
  postOffer(input: $input) { offer { id title status category { code } member { id } } errors { field code } } }"""
PROPOSE = """mutation ($offer: ID!) {
  proposeExchange(offerId: $offer, note: "厨房下水道堵了") { exchange { id state } errors { code } } }"""
ACCEPT = "mutation ($id: ID!) { acceptExchange(id: $id) { exchange { state } errors { code } } }"
COMPLETE = """mutation ($id: ID!, $minutes: Int!) {
  completeExchange(id: $id, minutes: $minutes) { exchange { state minutes } errors { field code } } }"""
CONFIRM = """mutation ($id: ID!, $key: String!) {
  confirmExchange(id: $id, idempotencyKey: $key) {
    exchange { state transferId events { fromState toState actor { id } } } errors { field code } } }"""
ACCOUNT = (
    "query ($member: ID) { account(memberId: $member) { balanceMinutes balanceHours creditLimitMinutes } }"
)
TRANSFERS = "{ transfers(limit: 5) { totalCount items { kind amountMinutes memo } } }"
OFFERS = "query ($text: String) { offers(text: $text) { totalCount items { title member { displayName } } } }"


def people(community):
    """A plumber, a resident with 2 hours, and a community worker, each with a token."""
    schema = community.schema_name
    bob = add_member(schema, f"bob-{schema}", display_name="刘师傅")
    alice = add_member(schema, f"alice-{schema}", display_name="张阿姨")
    worker = add_member(schema, f"worker-{schema}", role="worker")
    with schema_context(schema):
        member_account_ids([bob.id, alice.id, worker.id])
        give(alice, 120)
        plumbing = Category.objects.get(code="plumbing-electrics").id
    return {
        "bob": token_for(schema, bob),
        "alice": token_for(schema, alice),
        "worker": token_for(schema, worker),
        "ids": {"bob": bob.id, "alice": alice.id, "worker": worker.id},
        "plumbing": plumbing,
    }


def completed_exchange(cast, *, minutes: int) -> tuple[str, str]:
    """Bob's plumbing offer, proposed by Alice, accepted and completed by Bob for `minutes`: the offer's and
    the exchange's ids."""
    offer = data(
        gql(
            HOST,
            POST_OFFER,
            {"input": {"categoryId": cast["plumbing"], "title": "修水管"}},
            token=cast["bob"],
        ),
        "postOffer",
    )
    exchange_id = data(
        gql(HOST, PROPOSE, {"offer": offer["offer"]["id"]}, token=cast["alice"]), "proposeExchange"
    )["exchange"]["id"]
    gql(HOST, ACCEPT, {"id": exchange_id}, token=cast["bob"])
    gql(HOST, COMPLETE, {"id": exchange_id, "minutes": minutes}, token=cast["bob"])
    return offer["offer"]["id"], exchange_id


def data(response, field):
    body = response.json()
    assert "errors" not in body, body
    return body["data"][field]


def test_a_resident_offers_another_asks_and_the_hours_move(beizhan, minle):
    # given
    cast = people(beizhan)
    people(minle)
    with schema_context(minle.schema_name):
        minle_before = tenant_state()

    # when
    offer = data(
        gql(
            HOST,
            POST_OFFER,
            {"input": {"categoryId": cast["plumbing"], "title": "修水管"}},
            token=cast["bob"],
        ),
        "postOffer",
    )
    exchange = data(
        gql(HOST, PROPOSE, {"offer": offer["offer"]["id"]}, token=cast["alice"]), "proposeExchange"
    )
    exchange_id = exchange["exchange"]["id"]
    accepted = data(gql(HOST, ACCEPT, {"id": exchange_id}, token=cast["bob"]), "acceptExchange")
    completed = data(
        gql(HOST, COMPLETE, {"id": exchange_id, "minutes": 90}, token=cast["bob"]), "completeExchange"
    )
    confirmed = data(
        gql(HOST, CONFIRM, {"id": exchange_id, "key": "c-1"}, token=cast["alice"]), "confirmExchange"
    )
    replayed = data(
        gql(HOST, CONFIRM, {"id": exchange_id, "key": "c-1"}, token=cast["alice"]), "confirmExchange"
    )

    # then
    assert offer["errors"] == [] and offer["offer"]["status"] == "OPEN"
    assert offer["offer"]["category"]["code"] == "plumbing-electrics"
    assert (exchange["exchange"]["state"], accepted["exchange"]["state"]) == ("REQUESTED", "ACCEPTED")
    assert completed["exchange"] == {"state": "COMPLETED", "minutes": 90}
    assert confirmed["errors"] == [] and confirmed["exchange"]["state"] == "CONFIRMED"
    assert [e["toState"] for e in confirmed["exchange"]["events"]] == [
        "REQUESTED",
        "ACCEPTED",
        "COMPLETED",
        "CONFIRMED",
    ]
    assert replayed["exchange"]["transferId"] == confirmed["exchange"]["transferId"]
    assert data(gql(HOST, ACCOUNT, {}, token=cast["alice"]), "account") == {
        "balanceMinutes": 30,
        "balanceHours": "0.5",
        "creditLimitMinutes": 300,
    }
    assert data(gql(HOST, ACCOUNT, {}, token=cast["bob"]), "account")["balanceHours"] == "1.5"
    assert data(gql(HOST, TRANSFERS, token=cast["alice"]), "transfers") == {
        "totalCount": 2,
        "items": [
            {"kind": "EXCHANGE", "amountMinutes": 90, "memo": f"exchange #{exchange_id}"},
            {"kind": "WELCOME", "amountMinutes": 120, "memo": ""},
        ],
    }
    with schema_context(beizhan.schema_name):
        assert Transfer.objects.filter(kind="exchange").count() == 1
    with schema_context(minle.schema_name):
        assert tenant_state() == minle_before


def test_a_refusal_comes_back_as_a_code_and_changes_nothing(beizhan, minle):
    # given: Alice has 2 hours and a line of 5; Bob records 8
    cast = people(beizhan)
    offer_id, exchange_id = completed_exchange(cast, minutes=480)
    with schema_context(beizhan.schema_name):
        before = tenant_state()

    # when
    overdraft = data(
        gql(HOST, CONFIRM, {"id": exchange_id, "key": "c"}, token=cast["alice"]), "confirmExchange"
    )
    by_provider = data(
        gql(HOST, CONFIRM, {"id": exchange_id, "key": "c"}, token=cast["bob"]), "confirmExchange"
    )
    own_offer = data(gql(HOST, PROPOSE, {"offer": offer_id}, token=cast["bob"]), "proposeExchange")
    anonymous = gql(HOST, PROPOSE, {"offer": offer_id})
    beyond_bigint = data(gql(HOST, PROPOSE, {"offer": "9" * 30}, token=cast["alice"]), "proposeExchange")

    # then
    assert overdraft == {"exchange": None, "errors": [{"field": "amount", "code": "insufficient_balance"}]}
    assert by_provider["errors"] == [{"field": None, "code": "wrong_actor"}]
    assert own_offer["errors"] == [{"code": "self_exchange"}]
    assert beyond_bigint["errors"] == [{"code": "offer_not_found"}]
    assert anonymous.json()["data"]["proposeExchange"]["errors"][0]["code"] == "authentication_required"
    with schema_context(beizhan.schema_name):
        assert tenant_state() == before


def test_another_community_neither_sees_nor_reaches_beizhan_listings(beizhan, minle):
    # given
    beizhan_cast, minle_cast = people(beizhan), people(minle)
    offer = data(
        gql(
            HOST,
            POST_OFFER,
            {"input": {"categoryId": beizhan_cast["plumbing"], "title": "修水管"}},
            token=beizhan_cast["bob"],
        ),
        "postOffer",
    )

    # when
    seen_in_minle = data(
        gql("minle.localhost", OFFERS, {"text": "修水管"}, token=minle_cast["alice"]), "offers"
    )
    beizhan_token_on_minle = gql("minle.localhost", OFFERS, {}, token=beizhan_cast["alice"])
    reached = data(
        gql("minle.localhost", PROPOSE, {"offer": offer["offer"]["id"]}, token=minle_cast["alice"]),
        "proposeExchange",
    )

    # then
    assert seen_in_minle == {"totalCount": 0, "items": []}
    assert beizhan_token_on_minle.status_code == 401
    assert beizhan_token_on_minle.json()["errors"][0]["extensions"]["code"] == "token_invalid"
    assert reached["errors"] == [{"code": "offer_not_found"}]
    assert data(gql(HOST, OFFERS, {}, token=beizhan_cast["alice"]), "offers")["items"] == [
        {"title": "修水管", "member": {"displayName": "刘师傅"}}
    ]


def test_only_the_member_and_workers_see_an_account(beizhan, minle):
    # given
    cast = people(beizhan)
    minle_cast = people(minle)

    # when
    by_bob = gql(HOST, ACCOUNT, {"member": cast["ids"]["alice"]}, token=cast["bob"]).json()
    by_worker = gql(HOST, ACCOUNT, {"member": cast["ids"]["alice"]}, token=cast["worker"]).json()

    # then
    assert by_bob["data"]["account"] is None
    assert by_bob["errors"][0]["extensions"]["code"] == "permission_denied"
    assert by_worker["data"]["account"]["balanceMinutes"] == 120
    # Minle's worker on Minle's host sees Minle's ledger only: Beizhan's extra hour does not show there
    with schema_context(beizhan.schema_name):
        give(Member.objects.get(id=cast["ids"]["alice"]), 60)
    on_minle = gql(
        "minle.localhost", ACCOUNT, {"member": minle_cast["ids"]["alice"]}, token=minle_cast["worker"]
    )
    assert data(on_minle, "account")["balanceMinutes"] == 120
    assert data(gql(HOST, ACCOUNT, {}, token=cast["alice"]), "account")["balanceMinutes"] == 180


def test_an_admin_adjusts_a_balance_with_a_reason(beizhan, minle):
    # given: the onboarding admin
    cast = people(beizhan)
    with schema_context(beizhan.schema_name):
        admin = Member.objects.get(role="admin")
    admin_token = token_for(beizhan.schema_name, admin)
    with schema_context(minle.schema_name):
        minle_before = tenant_state()
    adjust = """mutation ($m: ID!, $min: Int!, $r: String!) {
      adjustBalance(memberId: $m, minutes: $min, reason: $r, idempotencyKey: "adj-1") {
        transfer { kind amountMinutes memo } errors { field code } } }"""

    # when
    no_reason = data(
        gql(HOST, adjust, {"m": cast["ids"]["alice"], "min": 60, "r": " "}, token=admin_token),
        "adjustBalance",
    )
    by_worker = data(
        gql(HOST, adjust, {"m": cast["ids"]["alice"], "min": 60, "r": "补录"}, token=cast["worker"]),
        "adjustBalance",
    )
    done = data(
        gql(HOST, adjust, {"m": cast["ids"]["alice"], "min": 60, "r": "补录"}, token=admin_token),
        "adjustBalance",
    )

    # then
    assert no_reason["errors"] == [{"field": "reason", "code": "reason_required"}]
    assert by_worker["errors"] == [{"field": None, "code": "not_permitted"}]
    assert done == {"transfer": {"kind": "ADJUSTMENT", "amountMinutes": 60, "memo": "补录"}, "errors": []}
    assert data(gql(HOST, ACCOUNT, {}, token=cast["alice"]), "account")["balanceMinutes"] == 180
    with schema_context(minle.schema_name):
        assert tenant_state() == minle_before


def test_a_payer_who_cannot_pay_is_refused_at_the_proposal_with_the_confirmations_code(beizhan, minle):
    # given: the worker withdrew the line of Alice, who spent her 2 hours elsewhere
    cast = people(beizhan)
    people(minle)
    with schema_context(minle.schema_name):
        minle_before = tenant_state()
    with schema_context(beizhan.schema_name):
        alice = Member.objects.get(id=cast["ids"]["alice"])
        credit_line(alice, 0)
        do_transfer(
            idempotency_key="spent",
            debit_account_id=member_account_id(alice.id),
            credit_account_id=community_pool().id,
            amount=120,
            kind=Transfer.Kind.ADJUSTMENT,
            memo="欢迎积分误发，收回",
        )
    offer = data(
        gql(
            HOST,
            POST_OFFER,
            {"input": {"categoryId": cast["plumbing"], "title": "修水管"}},
            token=cast["bob"],
        ),
        "postOffer",
    )
    with schema_context(beizhan.schema_name):
        before = tenant_state()

    # when
    proposed = data(
        gql(HOST, PROPOSE, {"offer": offer["offer"]["id"]}, token=cast["alice"]), "proposeExchange"
    )

    # then
    assert proposed == {"exchange": None, "errors": [{"code": "insufficient_balance"}]}
    with schema_context(beizhan.schema_name):
        assert tenant_state() == before
    with schema_context(minle.schema_name):
        assert tenant_state() == minle_before


HOURS = "query ($member: ID) { account(memberId: $member) { minutesServed minutesReceived } }"


def test_a_member_s_served_and_received_minutes_are_those_their_page_shows(beizhan, minle):
    # given bob served alice 90 minutes, confirmed; Minle's people exist, with nothing served
    cast = people(beizhan)
    minle_cast = people(minle)
    _offer_id, exchange_id = completed_exchange(cast, minutes=90)
    gql(HOST, CONFIRM, {"id": exchange_id, "key": "served-1"}, token=cast["alice"])

    # when
    bobs = data(gql(HOST, HOURS, {}, token=cast["bob"]), "account")
    alices = data(gql(HOST, HOURS, {}, token=cast["alice"]), "account")
    by_worker = data(gql(HOST, HOURS, {"member": cast["ids"]["bob"]}, token=cast["worker"]), "account")
    on_minle = data(gql("minle.localhost", HOURS, {}, token=minle_cast["bob"]), "account")
    with schema_context(beizhan.schema_name):
        bob = Member.objects.get(id=cast["ids"]["bob"])
    page = signed_in(beizhan, bob).get("/me/").text

    # then
    assert bobs == {"minutesServed": 90, "minutesReceived": 0} == by_worker
    assert alices == {"minutesServed": 0, "minutesReceived": 90}
    assert on_minle == {"minutesServed": 0, "minutesReceived": 0}
    assert 'data-figure="served">1.5 小时<' in page and 'data-figure="received">0 小时<' in page
