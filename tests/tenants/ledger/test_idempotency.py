"""One idempotency mechanism, one matrix over every operation that moves hours (LEDGER.md, issue 10).

The same key with the same operation, target and parameters answers the first result and changes
nothing; the same key with another target or other parameters is `idempotency_key_reused` and changes
nothing. Concurrent replays are in tests/faults/test_replays.py.
"""

import pytest
from django_tenants.utils import schema_context

from sharepool.tenants.ledger.errors import LedgerError, LedgerErrorCode
from sharepool.tenants.ledger.verify import verify_ledgers
from sharepool.tenants.timebank.errors import TimebankError, TimebankErrorCode
from sharepool.tenants.timebank.services import Decision, do_resolve_dispute
from tests.tenants.cast import tenant_state
from tests.tenants.ledger.hour_operations import HOUR_OPERATIONS, disputed_exchange


def both_communities(world) -> tuple:
    with schema_context(world.minle_schema):
        minle = tenant_state()
    return tenant_state(), minle


@pytest.mark.parametrize("operation", HOUR_OPERATIONS)
def test_a_replay_with_the_same_key_answers_the_first_result_and_changes_nothing(world, operation):
    # given: the operation done once
    case = HOUR_OPERATIONS[operation](world.cast, world.minle_schema)
    first = case.answer(case.call("key-1"))
    before = both_communities(world)

    # when
    replay = case.answer(case.call("key-1"))

    # then
    assert replay == first
    assert both_communities(world) == before
    assert verify_ledgers()[1] == []


@pytest.mark.parametrize("operation", HOUR_OPERATIONS)
def test_the_same_key_with_another_target_or_other_parameters_is_refused_and_changes_nothing(
    world, operation
):
    # given: the operation done once
    case = HOUR_OPERATIONS[operation](world.cast, world.minle_schema)
    case.call("key-1")
    before = both_communities(world)

    # when
    with pytest.raises(LedgerError) as refused:
        case.changed("key-1")

    # then
    assert refused.value.code == LedgerErrorCode.IDEMPOTENCY_KEY_REUSED
    assert refused.value.field == "idempotencyKey"
    assert both_communities(world) == before
    assert verify_ledgers()[1] == []


def test_a_key_of_one_operation_is_refused_by_another(world):
    # given: a dispute cancelled with key k
    cast = world.cast
    exchange = disputed_exchange(cast.bob, cast.alice)
    do_resolve_dispute(
        actor_id=cast.worker.id, exchange_id=exchange.id, decision=Decision.CANCEL, idempotency_key="k"
    )
    before = tenant_state()

    # when: an admin adjusts a balance with the same key
    from sharepool.tenants.ledger.services import do_adjust_balance

    with pytest.raises(LedgerError) as refused:
        do_adjust_balance(
            actor_id=cast.admin.id, member_id=cast.alice.id, amount=60, reason="补", idempotency_key="k"
        )

    # then
    assert refused.value.code == LedgerErrorCode.IDEMPOTENCY_KEY_REUSED
    assert tenant_state() == before


def test_a_refused_call_leaves_its_key_free_for_a_corrected_retry(world):
    # given: a dispute; a first resolution with bad minutes is refused
    cast = world.cast
    exchange = disputed_exchange(cast.bob, cast.alice, minutes=90)
    from tests.tenants.cast import give

    give(cast.alice, 120)
    before = tenant_state()
    with pytest.raises(TimebankError) as refused:
        do_resolve_dispute(
            actor_id=cast.worker.id,
            exchange_id=exchange.id,
            decision=Decision.ADJUST,
            minutes=0,
            idempotency_key="k",
        )
    unchanged = tenant_state() == before

    # when: the corrected call uses the same key
    resolved = do_resolve_dispute(
        actor_id=cast.worker.id,
        exchange_id=exchange.id,
        decision=Decision.ADJUST,
        minutes=45,
        idempotency_key="k",
    )

    # then
    assert refused.value.code == TimebankErrorCode.MINUTES_INVALID
    assert unchanged
    assert (resolved.state, resolved.minutes) == ("confirmed", 45)


def test_a_key_is_the_callers_own_another_worker_replaying_it_is_refused(world):
    # given: the worker confirmed a dispute with key k
    cast = world.cast
    from sharepool.tenants.members.models import Member
    from tests.tenants.cast import add_member, give

    give(cast.alice, 120)
    exchange = disputed_exchange(cast.bob, cast.alice)
    do_resolve_dispute(
        actor_id=cast.worker.id, exchange_id=exchange.id, decision=Decision.CONFIRM, idempotency_key="k"
    )
    other_worker = add_member("赵社工", role=Member.Role.WORKER)
    before = tenant_state()

    # when
    with pytest.raises(LedgerError) as refused:
        do_resolve_dispute(
            actor_id=other_worker.id, exchange_id=exchange.id, decision=Decision.CONFIRM, idempotency_key="k"
        )

    # then
    assert refused.value.code == LedgerErrorCode.IDEMPOTENCY_KEY_REUSED
    assert tenant_state() == before
    assert world.minle_untouched()
