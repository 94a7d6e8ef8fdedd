"""The ledger's rules (LEDGER.md "Transfers"), one by one, on the real services and the real database."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django_tenants.utils import schema_context

from sharepool.tenants.ledger.errors import ActorError, ActorErrorCode, LedgerError, LedgerErrorCode
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.services import (
    account_of_member,
    community_pool,
    do_adjust_balance,
    do_reverse_transfer,
    do_set_credit_limit,
    do_set_default_credit_limit,
    do_transfer,
    member_account_id,
    transfers_of_account,
)
from sharepool.tenants.ledger.verify import violations_in_current_schema
from tests.tenants.cast import add_member, balance, credit_line, give, tenant_state


def pay(payer, payee, minutes, key="k-1"):
    return do_transfer(
        idempotency_key=key,
        debit_account_id=member_account_id(payer.id),
        credit_account_id=member_account_id(payee.id),
        amount=minutes,
        kind=Transfer.Kind.EXCHANGE,
    )


def test_every_community_starts_with_one_pool_and_no_transfers(world):
    # then
    assert Account.objects.filter(kind="community_pool").count() == 1
    assert community_pool().balance == 0
    assert violations_in_current_schema("beizhan") == []
    assert world.minle_untouched()


def test_a_member_has_no_account_before_their_first_movement_and_their_own_after(world):
    # given: a newcomer in Beizhan, and Minle's newcomer of the same name, who has had hours given
    newcomer = add_member("newcomer")
    with schema_context(world.minle_schema):
        namesake = add_member("newcomer")
        give(namesake, 30)
        minle_account = account_of_member(namesake.id)
    before = account_of_member(newcomer.id)

    # when
    give(newcomer, 90)

    # then: the newcomer's own account, with Beizhan's balance; Minle's newcomer has Minle's
    after = account_of_member(newcomer.id)
    assert before is None
    assert after is not None and after.member_id == newcomer.id and after.balance == 90
    assert (
        minle_account is not None and minle_account.member_id == namesake.id and minle_account.balance == 30
    )


def test_a_transfer_moves_minutes_and_records_who_and_why(world):
    # given
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 120)

    # when
    transfer = pay(alice, bob, 90)

    # then
    assert (balance(alice), balance(bob), community_pool().balance) == (30, 90, -120)
    stored = Transfer.objects.get(idempotency_key="k-1")
    assert (stored.id, stored.amount, stored.kind) == (transfer.id, 90, "exchange")
    assert [t.amount for t in transfers_of_account(member_account_id(alice.id))] == [90, 120]
    assert violations_in_current_schema("beizhan") == []
    assert world.minle_untouched()


def test_the_same_key_with_the_same_parameters_returns_the_first_transfer(world):
    # given
    give(world.cast.alice, 120)
    first = pay(world.cast.alice, world.cast.bob, 60)
    before = tenant_state()

    # when
    again = pay(world.cast.alice, world.cast.bob, 60)

    # then
    assert again.id == first.id
    assert tenant_state() == before


def test_the_same_key_with_a_changed_amount_is_refused_and_changes_nothing(world):
    # given
    give(world.cast.alice, 120)
    pay(world.cast.alice, world.cast.bob, 60)
    before = tenant_state()

    # when
    with pytest.raises(LedgerError) as refused:
        pay(world.cast.alice, world.cast.bob, 61)

    # then
    assert refused.value.code == LedgerErrorCode.IDEMPOTENCY_KEY_REUSED
    assert tenant_state() == before


def test_an_overdraft_beyond_the_credit_limit_is_refused_and_changes_nothing(world):
    # given: Alice's line is 0: she spends only what she earned
    give(world.cast.alice, 30)
    credit_line(world.cast.alice, 0)
    before = tenant_state()

    # when
    with pytest.raises(LedgerError) as refused:
        pay(world.cast.alice, world.cast.bob, 31)

    # then
    assert refused.value.code == LedgerErrorCode.INSUFFICIENT_BALANCE
    assert tenant_state() == before
    assert balance(world.cast.alice) == 30


def test_a_member_override_of_the_credit_limit_lets_them_owe_up_to_it(world):
    # given
    do_set_credit_limit(actor_id=world.cast.worker.id, member_id=world.cast.alice.id, minutes=60)

    # when
    pay(world.cast.alice, world.cast.bob, 60, key="a")
    with pytest.raises(LedgerError) as refused:
        pay(world.cast.alice, world.cast.bob, 1, key="b")

    # then
    assert refused.value.code == LedgerErrorCode.INSUFFICIENT_BALANCE
    assert balance(world.cast.alice) == -60
    assert violations_in_current_schema("beizhan") == []


def test_the_community_default_credit_limit_applies_to_members_without_an_override(world):
    # given
    do_set_credit_limit(actor_id=world.cast.worker.id, member_id=world.cast.bob.id, minutes=10)

    # when
    changed = do_set_default_credit_limit(actor_id=world.cast.admin.id, minutes=120)

    # then
    assert changed >= 1
    assert Account.objects.get(member=world.cast.alice).credit_limit == 120
    assert Account.objects.get(member=world.cast.bob).credit_limit == 10
    pay(world.cast.alice, world.cast.carol, 120)
    assert balance(world.cast.alice) == -120


def test_a_credit_limit_below_what_the_member_owes_is_refused(world):
    # given
    do_set_credit_limit(actor_id=world.cast.worker.id, member_id=world.cast.alice.id, minutes=60)
    pay(world.cast.alice, world.cast.bob, 50)
    before = tenant_state()

    # when
    with pytest.raises(LedgerError) as refused:
        do_set_credit_limit(actor_id=world.cast.worker.id, member_id=world.cast.alice.id, minutes=40)

    # then
    assert refused.value.code == LedgerErrorCode.CREDIT_LIMIT_INVALID
    assert tenant_state() == before
    assert Account.objects.get(member=world.cast.alice).credit_limit == 60


@pytest.mark.parametrize(
    ("amount", "key", "same_account", "code"),
    [
        (0, "k", False, LedgerErrorCode.AMOUNT_INVALID),
        (-5, "k", False, LedgerErrorCode.AMOUNT_INVALID),
        (1.5, "k", False, LedgerErrorCode.AMOUNT_INVALID),
        (10, "", False, LedgerErrorCode.IDEMPOTENCY_KEY_REQUIRED),
        (10, "x" * 201, False, LedgerErrorCode.IDEMPOTENCY_KEY_REQUIRED),
        (10, "k", True, LedgerErrorCode.SAME_ACCOUNT),
    ],
)
def test_bad_transfers_are_refused_with_their_code(world, amount, key, same_account, code):
    # given
    give(world.cast.alice, 120)
    before = tenant_state()
    payee = world.cast.alice if same_account else world.cast.bob

    # when
    with pytest.raises(LedgerError) as refused:
        pay(world.cast.alice, payee, amount, key=key)

    # then
    assert refused.value.code == code
    assert tenant_state() == before


@pytest.mark.parametrize("kind", ["gift", "reversal"])
def test_an_unknown_kind_or_a_reversal_naming_nothing_is_refused(world, kind):
    # given
    give(world.cast.alice, 120)
    before = tenant_state()

    # when
    with pytest.raises(LedgerError) as refused:
        do_transfer(
            idempotency_key="k",
            debit_account_id=member_account_id(world.cast.alice.id),
            credit_account_id=member_account_id(world.cast.bob.id),
            amount=10,
            kind=kind,
        )

    # then
    assert refused.value.code == LedgerErrorCode.KIND_INVALID
    assert tenant_state() == before


def test_an_account_of_another_community_is_not_found(world):
    # given: an account id that exists only in Minle
    from django_tenants.utils import schema_context

    # Past both schemas' ids: sequences are not rolled back with a test, so after many tests Beizhan's
    # own ids can pass Minle's highest + 1000 (the test then found a Beizhan account, order-dependent).
    with schema_context(world.minle_schema):
        minle_top = Account.objects.order_by("-id").first().id
    minle_account = max(minle_top, Account.objects.order_by("-id").first().id) + 1000
    give(world.cast.alice, 60)
    before = tenant_state()

    # when
    with pytest.raises(LedgerError) as refused:
        do_transfer(
            idempotency_key="x",
            debit_account_id=member_account_id(world.cast.alice.id),
            credit_account_id=minle_account,
            amount=10,
            kind=Transfer.Kind.EXCHANGE,
        )

    # then
    assert refused.value.code == LedgerErrorCode.ACCOUNT_NOT_FOUND
    assert tenant_state() == before
    assert world.minle_untouched()


def test_a_reversal_mirrors_the_original_and_happens_at_most_once(world):
    # given
    give(world.cast.alice, 120)
    original = pay(world.cast.alice, world.cast.bob, 45)

    # when
    reversal = do_reverse_transfer(
        actor_id=world.cast.worker.id,
        transfer_id=original.id,
        reason="recorded twice",
        idempotency_key="rev-1",
    )
    before = tenant_state()
    with pytest.raises(LedgerError) as twice:
        do_reverse_transfer(
            actor_id=world.cast.worker.id, transfer_id=original.id, reason="again", idempotency_key="rev-2"
        )
    with pytest.raises(LedgerError) as of_reversal:
        do_reverse_transfer(
            actor_id=world.cast.worker.id, transfer_id=reversal.id, reason="undo", idempotency_key="rev-3"
        )

    # then
    assert (reversal.debit_id, reversal.credit_id, reversal.amount) == (
        original.credit_id,
        original.debit_id,
        45,
    )
    assert (balance(world.cast.alice), balance(world.cast.bob)) == (120, 0)
    assert twice.value.code == LedgerErrorCode.ALREADY_REVERSED
    assert of_reversal.value.code == LedgerErrorCode.CANNOT_REVERSE_REVERSAL
    assert tenant_state() == before
    assert violations_in_current_schema("beizhan") == []


def test_only_community_workers_reverse(world):
    # given
    give(world.cast.alice, 120)
    original = pay(world.cast.alice, world.cast.bob, 45)
    before = tenant_state()

    # when
    with pytest.raises(ActorError) as refused:
        do_reverse_transfer(
            actor_id=world.cast.bob.id, transfer_id=original.id, reason="mine", idempotency_key="r"
        )

    # then
    assert refused.value.code == ActorErrorCode.NOT_PERMITTED
    assert tenant_state() == before


def test_an_admin_adjusts_a_balance_against_the_pool_with_a_reason(world):
    # when
    up = do_adjust_balance(
        actor_id=world.cast.admin.id,
        member_id=world.cast.alice.id,
        amount=90,
        reason="纸质记录补录",
        idempotency_key="a1",
    )
    down = do_adjust_balance(
        actor_id=world.cast.admin.id,
        member_id=world.cast.alice.id,
        amount=-30,
        reason="重复补录",
        idempotency_key="a2",
    )

    # then
    assert (up.debit_id, up.credit_id, up.memo) == (
        community_pool().id,
        member_account_id(world.cast.alice.id),
        "纸质记录补录",
    )
    assert (down.debit_id, down.credit_id) == (member_account_id(world.cast.alice.id), community_pool().id)
    assert balance(world.cast.alice) == 60
    assert community_pool().balance == -60
    assert world.minle_untouched()


@pytest.mark.parametrize(
    ("who", "amount", "reason", "code"),
    [
        ("admin", 60, "  ", LedgerErrorCode.REASON_REQUIRED),
        ("admin", 0, "why", LedgerErrorCode.AMOUNT_INVALID),
        ("worker", 60, "why", ActorErrorCode.NOT_PERMITTED),
        ("alice", 60, "why", ActorErrorCode.NOT_PERMITTED),
    ],
)
def test_bad_adjustments_are_refused_with_their_code(world, who, amount, reason, code):
    # given
    before = tenant_state()

    # when
    with pytest.raises((LedgerError, ActorError)) as refused:
        do_adjust_balance(
            actor_id=getattr(world.cast, who).id,
            member_id=world.cast.alice.id,
            amount=amount,
            reason=reason,
            idempotency_key="adj",
        )

    # then
    assert refused.value.code == code
    assert tenant_state() == before


def test_the_database_refuses_to_edit_or_delete_a_transfer(world):
    # given
    transfer = give(world.cast.alice, 60)

    # when / then: the trigger refuses, whatever the code does
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        Transfer.objects.filter(id=transfer.id).update(amount=600)
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        Transfer.objects.filter(id=transfer.id).delete()
    assert Transfer.objects.get(id=transfer.id).amount == 60


def test_check_constraints_back_the_rules_the_code_enforces(world):
    # given
    give(world.cast.alice, 60)
    account = member_account_id(world.cast.alice.id)

    # when / then: a balance below the credit limit (5 hours), a zero amount, a self transfer
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(id=account).update(balance=-301)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_transfer (id, idempotency_key, debit_id, credit_id, amount, kind, memo, created_at)"
            " VALUES (gen_random_uuid(), 'z', %s, %s, 0, 'welcome', '', now())",
            [community_pool().id, account],
        )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_transfer (id, idempotency_key, debit_id, credit_id, amount, kind, memo, created_at)"
            " VALUES (gen_random_uuid(), 'z', %s, %s, 5, 'welcome', '', now())",
            [account, account],
        )
    assert balance(world.cast.alice) == 60
