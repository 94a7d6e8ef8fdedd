"""LEDGER.md's recipes under real concurrency: threads with their own connections to real PostgreSQL.

Communities here really commit (`committed_communities`), so that each thread sees the others' work.
Thread and call counts are bounded to keep the suite fast on a shared 2-core machine.
"""

import logging
import random
import threading
import time

import psycopg
import psycopg.sql
import pytest
from django.db import OperationalError, connection
from django_tenants.utils import schema_context

from sharepool.tenants.ledger.errors import LedgerError, LedgerErrorCode
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.services import community_pool, do_transfer, member_account_ids
from sharepool.tenants.ledger.verify import verify_ledgers
from tests.tenants.cast import add_member, during, give, tenant_state

THREADS = 8


def run_in_threads(schema_name: str, work, threads: int = THREADS) -> list[BaseException]:
    """Run work(index) in `threads` threads, each on its own connection in the community's schema."""
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def target(index: int) -> None:
        try:
            connection.set_schema(schema_name)
            start.wait()
            work(index)
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    pool = [threading.Thread(target=target, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return errors


def deadlocks_so_far() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


@pytest.fixture
def two_committed(committed_communities, settings):
    """Beizhan with 20 funded members and Minle with a little activity, both committed."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    minle = committed_communities("minle")
    with schema_context(minle.schema_name):
        give(add_member("民乐居民"), 300)
        minle_before = tenant_state()
    beizhan = committed_communities("beizhan")
    connection.set_schema(beizhan.schema_name)
    members = [add_member(f"居民{i}") for i in range(20)]
    accounts = member_account_ids([m.id for m in members])
    for member in members:
        give(member, 600)
    yield beizhan, [accounts[m.id] for m in members], (minle.schema_name, minle_before)
    connection.set_schema_to_public()


def minle_unchanged(minle) -> bool:
    schema, before = minle
    with schema_context(schema):
        return tenant_state() == before


def test_conservation_under_concurrency_with_hot_and_cold_accounts(two_committed, caplog):
    # given: 3 hot accounts every other transfer touches, 17 cold ones
    beizhan, accounts, minle = two_committed
    hot, cold = accounts[:3], accounts[3:]
    transfers_before = Transfer.objects.count()
    outcomes = {"ok": 0, "insufficient": 0}
    lock = threading.Lock()

    def work(index: int) -> None:
        rng = random.Random(index)
        for n in range(40):
            debit = rng.choice(hot if n % 2 else cold)
            credit = rng.choice([a for a in (cold if n % 2 else hot + cold) if a != debit])
            try:
                do_transfer(
                    idempotency_key=f"load:{index}:{n}",
                    debit_account_id=debit,
                    credit_account_id=credit,
                    amount=rng.randint(1, 240),
                    kind=Transfer.Kind.EXCHANGE,
                )
                result = "ok"
            except LedgerError as error:
                assert error.code == LedgerErrorCode.INSUFFICIENT_BALANCE
                result = "insufficient"
            with lock:
                outcomes[result] += 1

    # when
    with caplog.at_level(logging.WARNING, logger="sharepool.core.retry"):
        errors = run_in_threads(beizhan.schema_name, work)

    # then
    assert errors == []
    assert outcomes["ok"] + outcomes["insufficient"] == THREADS * 40
    assert Transfer.objects.count() - transfers_before == outcomes["ok"]
    assert sum(Account.objects.values_list("balance", flat=True)) == 0
    assert community_pool().balance == -20 * 600
    assert verify_ledgers()[1] == []
    assert [r for r in caplog.records if "retried" in r.getMessage()] == []
    assert minle_unchanged(minle)


def test_idempotency_storm_makes_exactly_one_transfer_per_key(two_committed):
    # given: 100 keys, each a fixed movement; 8 threads replay all of them 3 times, in the same order
    beizhan, accounts, minle = two_committed
    movements = {
        f"storm:{k}": (
            accounts[k % 20],
            accounts[(k * 7 + 1) % 20] if k % 20 != (k * 7 + 1) % 20 else accounts[(k + 1) % 20],
            1 + k % 5,
        )
        for k in range(100)
    }
    balances_before = dict(Account.objects.values_list("id", "balance"))
    results: dict[str, set] = {key: set() for key in movements}
    lock = threading.Lock()

    def work(index: int) -> None:
        for _round in range(3):
            for key, (debit, credit, amount) in movements.items():
                transfer = do_transfer(
                    idempotency_key=key,
                    debit_account_id=debit,
                    credit_account_id=credit,
                    amount=amount,
                    kind=Transfer.Kind.EXCHANGE,
                )
                with lock:
                    results[key].add(transfer.id)

    # when
    errors = run_in_threads(beizhan.schema_name, work)

    # then: 2,400 calls, 100 transfers, every caller of a key saw the same transfer
    assert errors == []
    assert Transfer.objects.filter(idempotency_key__startswith="storm:").count() == 100
    assert all(len(ids) == 1 for ids in results.values())
    expected = dict(balances_before)
    for debit, credit, amount in movements.values():
        expected[debit] -= amount
        expected[credit] += amount
    assert dict(Account.objects.values_list("id", "balance")) == expected

    # and a replay with a changed amount is refused and changes nothing
    debit, credit, amount = movements["storm:0"]
    with pytest.raises(LedgerError) as refused:
        do_transfer(
            idempotency_key="storm:0",
            debit_account_id=debit,
            credit_account_id=credit,
            amount=amount + 1,
            kind=Transfer.Kind.EXCHANGE,
        )
    assert refused.value.code == LedgerErrorCode.IDEMPOTENCY_KEY_REUSED
    assert dict(Account.objects.values_list("id", "balance")) == expected
    assert verify_ledgers()[1] == []
    assert minle_unchanged(minle)


def test_hot_accounts_paying_each_other_both_ways_never_deadlock(two_committed, caplog):
    # given: 4 hot accounts, every thread moving minutes between them in both directions
    beizhan, accounts, minle = two_committed
    hot = accounts[:4]
    deadlocks_before = deadlocks_so_far()

    def work(index: int) -> None:
        rng = random.Random(1000 + index)
        for n in range(40):
            debit, credit = rng.sample(hot, 2)
            do_transfer(
                idempotency_key=f"hot:{index}:{n}",
                debit_account_id=debit,
                credit_account_id=credit,
                amount=1,
                kind=Transfer.Kind.EXCHANGE,
            )

    # when
    with caplog.at_level(logging.WARNING, logger="sharepool.core.retry"):
        errors = run_in_threads(beizhan.schema_name, work)
    time.sleep(0.6)  # PostgreSQL publishes its counters shortly after the backends end

    # then
    assert errors == []
    assert Transfer.objects.filter(idempotency_key__startswith="hot:").count() == THREADS * 40
    assert deadlocks_so_far() - deadlocks_before == 0
    assert [r for r in caplog.records if "retried" in r.getMessage()] == []
    assert sum(Account.objects.filter(id__in=hot).values_list("balance", flat=True)) == 4 * 600
    assert verify_ledgers()[1] == []
    assert minle_unchanged(minle)


def test_a_backend_terminated_mid_transfer_leaves_nothing_and_the_retry_posts_once(two_committed):
    # given: another session holds the credit account's row, so the transfer stops mid-way, holding
    # the debit account's lock (ascending order) and waiting for the credit account's
    beizhan, accounts, minle = two_committed
    debit, credit = sorted(accounts[:2])
    balances_before = dict(Account.objects.values_list("id", "balance"))
    settings = connection.settings_dict
    dsn = {
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "dbname": settings["NAME"],
    }
    blocker = psycopg.connect(**dsn)
    observer = psycopg.connect(**dsn, autocommit=True)  # autocommit: each look at pg_stat_activity is fresh
    blocker.execute(
        psycopg.sql.SQL("SELECT 1 FROM {}.ledger_account WHERE id = %s FOR UPDATE").format(
            psycopg.sql.Identifier(beizhan.schema_name)
        ),
        [credit],
    )
    outcome: list[BaseException] = []

    def transfer_in_thread() -> None:
        connection.set_schema(beizhan.schema_name)
        try:
            do_transfer(
                idempotency_key="crash-1",
                debit_account_id=debit,
                credit_account_id=credit,
                amount=90,
                kind=Transfer.Kind.EXCHANGE,
            )
        except BaseException as error:
            outcome.append(error)
        finally:
            connection.close()

    worker = threading.Thread(target=transfer_in_thread)
    worker.start()

    # when: the transfer's backend is found waiting for the lock and terminated
    pid = None
    try:
        for _ in range(250):
            row = observer.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND query LIKE %s",
                ["%ledger_account%"],
            ).fetchone()
            if row:
                pid = row[0]
                break
            time.sleep(0.02)
        if pid is not None:
            observer.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        blocker.rollback()  # whatever happened, let the transfer go so that the test cannot hang
        worker.join()
        blocker.close()
        observer.close()
    assert pid is not None, "the transfer never reached the lock"

    # then: the client saw a lost connection, and nothing was written
    assert len(outcome) == 1 and isinstance(outcome[0], OperationalError)
    assert Transfer.objects.filter(idempotency_key="crash-1").count() == 0
    assert dict(Account.objects.values_list("id", "balance")) == balances_before

    # when: the client retries with the same key, twice
    first = do_transfer(
        idempotency_key="crash-1",
        debit_account_id=debit,
        credit_account_id=credit,
        amount=90,
        kind="exchange",
    )
    again = do_transfer(
        idempotency_key="crash-1",
        debit_account_id=debit,
        credit_account_id=credit,
        amount=90,
        kind="exchange",
    )

    # then
    assert first.id == again.id
    assert Transfer.objects.filter(idempotency_key="crash-1").count() == 1
    assert Account.objects.get(id=debit).balance == balances_before[debit] - 90
    assert Account.objects.get(id=credit).balance == balances_before[credit] + 90
    assert verify_ledgers()[1] == []
    assert minle_unchanged(minle)


def test_concurrent_awards_of_one_activity_credit_each_attendee_once(two_committed):
    # given: a classroom with 6 checked-in attendees, awarded by 8 threads at once with different keys
    from datetime import timedelta

    from django.utils import timezone

    from sharepool.tenants.activities.models import ActivityAward
    from sharepool.tenants.activities.services import (
        do_award_activity,
        do_check_in,
        do_create_activity,
        do_sign_up,
    )
    from sharepool.tenants.members.models import Member
    from sharepool.tenants.timebank.models import Category

    beizhan, accounts, minle = two_committed
    coordinator = add_member("李老师", role=Member.Role.COORDINATOR)
    attendees = list(Member.objects.filter(role=Member.Role.RESIDENT).order_by("id")[:6])
    start = timezone.now()
    activity = do_create_activity(
        actor_id=coordinator.id,
        title="四点半课堂",
        category_id=Category.objects.get(code="childcare-tutoring").id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="社区党群服务中心",
        capacity=10,
        minutes_credited=120,
    )
    for member in attendees:
        do_sign_up(actor_id=member.id, activity_id=activity.id, now=start - timedelta(minutes=1))
        do_check_in(
            actor_id=coordinator.id, activity_id=activity.id, now=during(activity), member_id=member.id
        )
    pool_before = community_pool().balance

    def work(index: int) -> None:
        do_award_activity(
            actor_id=coordinator.id,
            activity_id=activity.id,
            now=during(activity),
            idempotency_key=f"award:{index}",
        )

    # when
    errors = run_in_threads(beizhan.schema_name, work)

    # then
    assert errors == []
    assert ActivityAward.objects.filter(activity=activity).count() == 6
    assert Transfer.objects.filter(kind="activity_award").count() == 6
    assert community_pool().balance == pool_before - 6 * 120
    assert verify_ledgers()[1] == []
    assert minle_unchanged(minle)
