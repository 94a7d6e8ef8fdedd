"""Ledger tools of the console: reverse, credit lines, adjustments (admins), disputes; audited (issue 14)."""

from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.services import default_credit_limit, member_account_id
from sharepool.tenants.ledger.verify import violations_in_current_schema
from sharepool.tenants.timebank.models import Exchange
from sharepool.tenants.timebank.services import (
    do_accept_exchange,
    do_complete_exchange,
    do_dispute_exchange,
    do_post_offer,
    do_propose_exchange,
)
from tests.tenants.cast import balance, category, give
from tests.web.pages import back_to, client_of, queries_of
from tests.web.staff.conftest import members_state


def key_of(response) -> str:
    return response.context["form"]["idempotencyKey"].initial


def test_a_worker_reverses_a_transfer_once_with_a_reason_shown_on_the_member_page(world, beizhan):
    # given: a welcome credit of two hours to Alice, by mistake
    alice = world.cast.alice
    mistake = give(alice, 120)
    client = client_of(beizhan, world.cast.worker)
    page = client.get(f"/staff/transfers/{mistake.id}/reverse/")

    # when: the worker reverses it; the form is sent twice (a double tap)
    data = {"reason": "重复发放", "idempotencyKey": key_of(page)}
    client.post(f"/staff/transfers/{mistake.id}/reverse/", data)
    client.post(f"/staff/transfers/{mistake.id}/reverse/", data)

    # then: one reversal, the original kept, Alice back to zero, the audit entry on her page
    back_to(beizhan)
    assert balance(alice) == 0
    assert Transfer.objects.filter(reverses=mistake).count() == 1
    assert Transfer.objects.filter(id=mistake.id).exists()
    audit = client.get(f"/staff/members/{alice.id}/", {"tab": "audit"})
    assert 'data-audit="transfer_reversed"' in audit.text and "转账已冲正" in audit.text
    back_to(beizhan)
    assert violations_in_current_schema(beizhan.slug) == []
    assert world.minle_untouched()


def test_a_reversal_without_a_reason_is_refused_and_nothing_is_written(world, beizhan):
    mistake = give(world.cast.alice, 120)
    client = client_of(beizhan, world.cast.worker)
    key = key_of(client.get(f"/staff/transfers/{mistake.id}/reverse/"))
    back_to(beizhan)
    before = members_state()

    response = client.post(f"/staff/transfers/{mistake.id}/reverse/", {"reason": " ", "idempotencyKey": key})

    back_to(beizhan)
    assert dict(response.context["form"].errors.items()) == {"reason": ["请填写冲正原因。"]}
    assert members_state() == before


def test_a_worker_sets_a_credit_line_and_an_admin_the_default(world, beizhan):
    alice = world.cast.alice
    give(alice, 60)

    worker = client_of(beizhan, world.cast.worker)
    worker.post(f"/staff/members/{alice.id}/credit-line/", {"minutes": "300"})
    refused_default = worker.get("/staff/credit-line/")
    admin = client_of(beizhan, world.cast.admin)
    admin.post("/staff/credit-line/", {"minutes": "120"})

    back_to(beizhan)
    assert Account.objects.get(id=member_account_id(alice.id)).credit_limit == 300  # her own stays
    assert Account.objects.get(id=member_account_id(world.cast.bob.id)).credit_limit == 120
    assert default_credit_limit() == 120
    assert refused_default.status_code == 403
    actions = set(CommunityAuditEntry.objects.values_list("action", flat=True))
    assert {"credit_limit_set", "default_credit_limit_set"} <= actions
    assert world.minle_untouched()


def test_a_bad_credit_line_is_refused_on_the_form_and_nothing_is_written(world, beizhan):
    client = client_of(beizhan, world.cast.worker)
    before = members_state()

    response = client.post(f"/staff/members/{world.cast.alice.id}/credit-line/", {"minutes": "-5"})

    back_to(beizhan)
    assert dict(response.context["form"].errors.items()) == {"minutes": ["透支额度须为零或正的分钟数。"]}
    assert members_state() == before


def test_only_an_admin_adjusts_a_balance(world, beizhan):
    alice = world.cast.alice
    worker = client_of(beizhan, world.cast.worker)
    back_to(beizhan)
    before = members_state()

    refused = worker.post(
        f"/staff/members/{alice.id}/adjust/", {"amount": "60", "reason": "补记", "idempotencyKey": "k1"}
    )
    back_to(beizhan)
    assert refused.status_code == 403
    assert members_state() == before

    admin = client_of(beizhan, world.cast.admin)
    page = admin.get(f"/staff/members/{alice.id}/adjust/")
    admin.post(
        f"/staff/members/{alice.id}/adjust/",
        {"amount": "60", "reason": "补记上月活动", "idempotencyKey": key_of(page)},
    )

    back_to(beizhan)
    assert balance(alice) == 60
    assert CommunityAuditEntry.objects.filter(action="balance_adjusted").count() == 1
    assert "余额已调整" in admin.get(f"/staff/members/{alice.id}/", {"tab": "audit"}).text


def disputed_exchange(world) -> Exchange:
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 120)
    offer = do_post_offer(actor_id=bob.id, category_id=category().id, title="修水管")
    exchange = do_propose_exchange(actor_id=alice.id, offer_id=offer.id)
    do_accept_exchange(actor_id=bob.id, exchange_id=exchange.id)
    do_complete_exchange(actor_id=bob.id, exchange_id=exchange.id, minutes=120)
    return do_dispute_exchange(actor_id=alice.id, exchange_id=exchange.id, reason="只修了一个小时")


def test_a_worker_resolves_a_dispute_with_other_minutes(world, beizhan):
    exchange = disputed_exchange(world)
    client = client_of(beizhan, world.cast.worker)
    page = client.get("/staff/disputes/")
    assert f'data-exchange="{exchange.id}"' in page.text
    key = page.context["rows"][0]["form"]["idempotencyKey"].initial

    client.post(
        f"/staff/disputes/{exchange.id}/resolve/",
        {"decision": "adjust", "minutes": "60", "idempotencyKey": key},
    )

    back_to(beizhan)
    exchange.refresh_from_db()
    assert (exchange.state, exchange.minutes) == (Exchange.State.CONFIRMED, 60)
    assert (balance(world.cast.alice), balance(world.cast.bob)) == (60, 60)
    assert CommunityAuditEntry.objects.filter(action="dispute_resolved").count() == 1
    assert world.minle_untouched()


def test_a_bad_resolution_is_refused_on_its_row_and_a_resident_is_refused(world, beizhan):
    exchange = disputed_exchange(world)
    client = client_of(beizhan, world.cast.worker)
    key = client.get("/staff/disputes/").context["rows"][0]["form"]["idempotencyKey"].initial
    back_to(beizhan)
    before = members_state()

    bad = client.post(
        f"/staff/disputes/{exchange.id}/resolve/",
        {"decision": "adjust", "minutes": "0", "idempotencyKey": key},
    )
    resident = client_of(beizhan, world.cast.carol).post(
        f"/staff/disputes/{exchange.id}/resolve/", {"decision": "cancel", "idempotencyKey": "x"}
    )

    back_to(beizhan)
    assert list(dict(bad.context["rows"][0]["form"].errors.items())) == ["minutes"]
    assert resident.status_code == 403
    assert members_state() == before


def test_tool_pages_take_constant_queries(world, beizhan):
    disputed_exchange(world)
    client = client_of(beizhan, world.cast.admin)
    few = queries_of(client, "/staff/disputes/")
    back_to(beizhan)
    for _ in range(3):
        disputed_exchange(world)

    assert queries_of(client, "/staff/disputes/") == few
