"""`manage.py verify_ledger`: exit 0 only when every invariant holds; otherwise each violation, named."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context

from sharepool.tenants.ledger.errors import LedgerError, LedgerErrorCode
from sharepool.tenants.ledger.federation import do_credit_across_communities
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.services import do_transfer, member_account_id
from tests.tenants.cast import balance, give, tenant_state


def verify(*args) -> tuple[bool, str]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify_ledger", *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def pay(payer, payee, minutes, key):
    return do_transfer(
        idempotency_key=key,
        debit_account_id=member_account_id(payer.id),
        credit_account_id=member_account_id(payee.id),
        amount=minutes,
        kind=Transfer.Kind.EXCHANGE,
    )


def test_a_sound_ledger_passes_in_every_community(world):
    # given
    give(world.cast.alice, 300)
    pay(world.cast.alice, world.cast.bob, 120, "a")

    # when
    ok_all, out_all = verify()
    ok_one, out_one = verify("--schema", "beizhan")

    # then
    assert ok_all and "every invariant holds in 2 community(ies)" in out_all
    assert ok_one and "every invariant holds in 1 community(ies)" in out_one


def test_a_balance_edited_by_hand_is_reported_under_invariants_1_and_2(world):
    # given: someone adds 5 minutes to Bob's balance directly in the database
    give(world.cast.alice, 300)
    account = member_account_id(world.cast.bob.id)
    Account.objects.filter(id=account).update(balance=5)

    # when
    ok, out = verify()
    minle_ok, _ = verify("--schema", "minle")

    # then
    assert not ok
    assert "beizhan: invariant 1: the balances sum to 5 minutes, not 0" in out
    assert f"beizhan: invariant 2: account {account} (member) holds 5 but its transfers sum to 0" in out
    assert "1 community" not in out and "2 ledger invariant violation(s) in 2 community(ies)" in out
    assert minle_ok


def test_a_member_below_the_credit_limit_is_reported_under_invariant_3(world):
    # given: the database constraint gone (as after a bad migration) and a balance forced below the limit
    with connection.cursor() as cursor:
        cursor.execute(
            "SET CONSTRAINTS ALL IMMEDIATE"
        )  # ALTER TABLE refuses while deferred checks are pending
        cursor.execute("ALTER TABLE ledger_account DROP CONSTRAINT account_member_within_credit_limit")
    account = member_account_id(world.cast.carol.id)
    Account.objects.filter(id=account).update(balance=-330)  # the line is 5 hours

    # when
    ok, out = verify("--schema", "beizhan")

    # then
    assert not ok
    assert (
        f"beizhan: invariant 3: account {account} of member {world.cast.carol.id} is at -330, below -300"
        in out
    )


def test_a_credit_across_communities_keeps_the_clearing_accounts_mirrored(world):
    # given: Alice of Beizhan serves 2 hours in a Minle project
    alice = world.cast.alice

    # when
    credit = do_credit_across_communities(
        host_slug="minle", home_slug="beizhan", member_id=alice.id, minutes=120, idempotency_key="fed-1"
    )
    replay = do_credit_across_communities(
        host_slug="minle", home_slug="beizhan", member_id=alice.id, minutes=120, idempotency_key="fed-1"
    )

    # then
    assert replay == credit
    assert balance(alice) == 120
    assert Account.objects.get(kind="clearing", partner="minle").balance == -120
    with schema_context(world.minle_schema):
        assert Account.objects.get(kind="clearing", partner="beizhan").balance == 120
        assert Account.objects.get(kind="community_pool").balance == -600 - 120
    assert verify() == (True, "ledger ok: every invariant holds in 2 community(ies)\n")


def test_a_one_sided_clearing_transfer_is_reported_under_invariant_5(world):
    # given: Beizhan's half of a federation credit written without Minle's
    do_credit_across_communities(
        host_slug="minle",
        home_slug="beizhan",
        member_id=world.cast.alice.id,
        minutes=60,
        idempotency_key="fed-1",
    )
    do_transfer(
        idempotency_key="one-sided",
        debit_account_id=Account.objects.get(kind="clearing", partner="minle").id,
        credit_account_id=member_account_id(world.cast.bob.id),
        amount=45,
        kind=Transfer.Kind.FEDERATION,
    )

    # when
    ok, out = verify("--schema", "beizhan")

    # then: invariants 1 and 2 hold inside Beizhan; only the pair is wrong
    assert not ok
    assert (
        "invariant 5: clearing:minle is -105 here and clearing:beizhan is 60 in minle; they sum to -45, not 0"
        in out
    )
    assert "invariant 1" not in out and "invariant 2" not in out


def test_a_credit_for_a_member_the_home_community_does_not_have_is_refused(world):
    # given
    before = tenant_state()

    # when
    with pytest.raises(LedgerError) as refused:
        do_credit_across_communities(
            host_slug="beizhan",
            home_slug="nowhere",
            member_id=world.cast.alice.id,
            minutes=60,
            idempotency_key="f",
        )

    # then
    assert refused.value.code == LedgerErrorCode.PARTNER_INVALID
    assert tenant_state() == before
    assert world.minle_untouched()


def test_an_unknown_community_is_an_error(world):
    ok, out = verify("--schema", "nowhere")
    assert not ok and "no community 'nowhere'" in out
