"""Concurrent replays of every operation that moves hours (issue 10): many clients, one key.

Eight threads, each on its own connection, send the same call with the same key at once. Exactly one
of them moves the hours; every one gets the same answer; the key used afterwards with another target or
other parameters is `idempotency_key_reused`; `verify_ledger` is clean.
"""

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from sharepool.platform.communities.models import Community
from sharepool.tenants.ledger.errors import LedgerError, LedgerErrorCode
from sharepool.tenants.ledger.models import OperationKey, Transfer
from tests.faults.checks import assert_ledger_clean
from tests.tenants.cast import seed_cast, tenant_state
from tests.tenants.ledger.hour_operations import HOUR_OPERATIONS
from tests.tenants.ledger.test_concurrency import THREADS, run_in_threads


@pytest.fixture
def committed_world(committed_communities):
    minle = committed_communities("minle")
    beizhan = committed_communities("beizhan")
    connection.set_tenant(Community.objects.get(schema_name=beizhan.schema_name))
    yield beizhan, seed_cast(), minle.schema_name
    connection.set_schema_to_public()


@pytest.mark.parametrize("operation", HOUR_OPERATIONS)
def test_concurrent_replays_with_one_key_move_the_hours_once_and_all_get_the_same_answer(
    committed_world, operation
):
    # given
    beizhan, cast, minle_schema = committed_world
    case = HOUR_OPERATIONS[operation](cast, minle_schema)
    transfers_before = Transfer.objects.count()
    with schema_context(minle_schema):
        minle_transfers_before = Transfer.objects.count()
    answers = []

    # when: eight clients send the same call with the same key at once
    errors = run_in_threads(
        beizhan.schema_name, lambda index: answers.append(case.answer(case.call("storm")))
    )

    # then: one movement, one answer for all
    connection.set_tenant(Community.objects.get(schema_name=beizhan.schema_name))
    assert errors == []
    assert len(answers) == THREADS
    assert all(answer == answers[0] for answer in answers)
    assert Transfer.objects.count() == transfers_before + case.moves
    assert OperationKey.objects.filter(key="storm").count() == 1
    with schema_context(minle_schema):
        crossed = 1 if operation == "credit_across_communities" else 0
        assert Transfer.objects.count() == minle_transfers_before + crossed

    # and: the key with another target or other parameters is refused and changes nothing
    before = tenant_state()
    with pytest.raises(LedgerError) as refused:
        case.changed("storm")
    assert refused.value.code == LedgerErrorCode.IDEMPOTENCY_KEY_REUSED
    assert tenant_state() == before
    assert_ledger_clean()
