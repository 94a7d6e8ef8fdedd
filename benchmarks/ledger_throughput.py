"""Confirmed exchanges per second through the domain service vs a raw-SQL baseline (issue 4).

Each run prepares completed exchanges, then confirms them with 8 concurrent workers, two ways:
- domain:   `do_confirm_exchange()` (actor checks, row locks, idempotency key, transfer, event, milestones);
- raw SQL:  one psycopg transaction sending the same statements by hand: the actor's status, the exchange
            row locked, the two account ids, both accounts locked in ascending id order, the key look-up,
            balance check, transfer, balances, exchange, event, the provider's served minutes, and the
            provider's notification (their address and preference, the row); nothing else.
            Parameters are bound client-side, as Django binds them (`--baseline-binding server` for psycopg's
            default, which also prepares repeated statements: an advantage the service's connection lacks).
Both run as production runs them: DEBUG off, forked processes with their connection open before the clock.
Two workloads: uniform (200 members) and hot (every exchange between 10 members). The two ways alternate
in one run on one database, so the ratio compares like with like. Afterwards every ledger invariant is
checked, and PostgreSQL's deadlock counter and the service's retries must both be 0.

Usage: python benchmarks/ledger_throughput.py [--per-worker 60] [--baseline-binding client|server]
"""

import argparse
import logging
import multiprocessing
import os
import random
import statistics
import time
import uuid

from _setup import drop_database, machine_line, setup_django, write_section

WORKERS = 8
ROUNDS = 5  # paired rounds; the median of their ratios steadies a figure taken on a shared machine
MEMBERS = 200
HOT = 10
BASELINE_BINDING = "client"  # set by --baseline-binding; forked workers inherit it


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-worker", type=int, default=60)
    parser.add_argument(
        "--baseline-binding",
        choices=("client", "server"),
        default="client",
        help="client: the baseline binds parameters as Django does; server: psycopg's default, prepared",
    )
    arguments = parser.parse_args()
    per_worker = arguments.per_worker
    global BASELINE_BINDING
    BASELINE_BINDING = arguments.baseline_binding
    # As production runs (gunicorn, DEBUG=0): with DEBUG on, Django's debug cursor times, formats and keeps
    # every query, which cost the domain side ~2 ms of its ~7 ms of CPU per confirmation (measured with
    # time.process_time, one process) and the baseline nothing.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + uuid.uuid4().hex)
    # As production runs: a confirmation queues the provider's notification to Redis for a worker. Eager
    # tasks (no REDIS_URL) would deliver it inside the timed confirmation instead.
    os.environ.setdefault("REDIS_URL", os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14"))
    database = setup_django("ledger")
    try:
        run(per_worker)
    finally:
        drop_database(database)
        purge_queued_tasks()


def purge_queued_tasks() -> None:
    """The deliveries queued during the run have no community left to run in: drop them."""
    from sharepool.platform.celery import app

    app.control.purge()


class SharedRetryCounter(logging.Handler):
    """Counts the service's retried transactions in every worker process."""

    def __init__(self, shared):
        super().__init__(logging.WARNING)
        self.shared = shared

    def emit(self, record):
        with self.shared.get_lock():
            self.shared.value += 1


def run(per_worker: int) -> None:
    from django.db import connection

    from sharepool.platform.communities.services import onboard_community
    from sharepool.tenants.ledger.verify import verify_ledgers

    retries = multiprocessing.get_context("fork").Value("i", 0)
    community = onboard_community(
        slug="ledgerbench", name="基准社区", street_office_name="民治街道", admin_password="bench-password-9x"
    )
    connection.set_schema(community.schema_name)
    members = make_members()
    deadlocks_before = deadlocks()
    rows = []
    for workload in ("uniform", "hot"):
        pool = members if workload == "uniform" else members[:HOT]
        # Paired rounds, baseline then domain, so that both see the same load on a shared machine; the
        # figure is the median of the rounds' ratios.
        pairs = []
        for _round in range(ROUNDS):
            rate = {}
            for way in ("raw SQL", "domain"):
                exchanges = prepare_exchanges(pool, WORKERS * per_worker)
                rate[way] = len(exchanges) / confirm_all(community.schema_name, exchanges, way, retries)
            pairs.append((rate["raw SQL"], rate["domain"]))
        rows.append((workload, pairs))
    time.sleep(1)  # PostgreSQL publishes its counters shortly after the backends end
    deadlock_count = deadlocks() - deadlocks_before
    connection.set_schema_to_public()
    _checked, violations = verify_ledgers()
    lines = [
        f"`python benchmarks/ledger_throughput.py --per-worker {per_worker}` ({machine_line()}, "
        f"{WORKERS} worker processes, {WORKERS * per_worker} exchanges per measurement, {ROUNDS} paired rounds, {time.strftime('%Y-%m-%d')}).",
        "",
        "| workload | raw SQL baseline (median) | domain service (median) | domain / baseline (median of rounds) |",
        "|---|---|---|---|",
    ]
    for workload, pairs in rows:
        raw = statistics.median(r for r, _d in pairs)
        domain = statistics.median(d for _r, d in pairs)
        ratio = statistics.median(d / r for r, d in pairs)
        lines.append(f"| {workload} | {raw:.0f} /s | {domain:.0f} /s | {ratio:.0%} |")
    lines += [
        "",
        f"Invariant violations afterwards: {len(violations)}. Deadlocks (pg_stat_database): {deadlock_count}. "
        f"Retried transactions: {retries.value}. Target: domain >= 50% of baseline, 0 violations, 0 deadlocks.",
        "- uniform: recipient and provider drawn from 200 members; hot: both drawn from 10 members, so",
        "  most confirmations queue on the same rows and the locking order is what keeps it deadlock-free.",
        "- Both sides send the same statements in one transaction (12; the baseline 13, its balances in two",
        "  UPDATEs): actor, exchange locked, account ids, accounts locked, key look-up, transfer, balances,",
        "  exchange, event, served minutes, the provider's address and preference, the notification row.",
        "  The benchmark's members have no e-mail address (registration asks for a mobile number, not an",
        "  address), so no delivery task is queued; with one, the confirmation also queues the e-mail to Redis:",
        "  +1.0 ms of client CPU per confirmation (one process, 1,000 confirmations: 2.4 -> 3.4 ms).",
        "- What closed the gap (2026-11-27, second session; client CPU per confirmation, one process, DEBUG",
        "  off, `time.process_time`, 1,000 confirmations): 6.5 ms before -> 3.5 ms with the notification",
        "  written by two plain statements (address + preference in one, then INSERT ... ON CONFLICT on its",
        "  key instead of an advisory lock and a look-up; no savepoint; no task when there is nothing to",
        "  e-mail; the recipient not loaded twice) -> 2.8 ms with the actor and the locked exchange read",
        "  through raw() instead of get() -> 2.4 ms with the exchange's UPDATE and event INSERT as plain",
        "  statements instead of save() and create(). Ratio before these: 30% uniform / 41% hot (same day).",
        "- The ratio moves by 5-15 points with the shared machine's load (earlier sessions' runs under load",
        "  average 4-5 spread that much); the rounds are paired so both ways see the same load.",
    ]
    body = "\n".join(lines)
    print(body)
    write_section("Ledger: confirmed exchanges per second", body)


def make_members() -> list[int]:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from sharepool.tenants.ledger.services import Posting, community_pool, member_account_ids, post_transfers
    from sharepool.tenants.members.models import Member
    from sharepool.tenants.timebank.models import Category, Offer

    with transaction.atomic():
        users = get_user_model().objects.bulk_create(
            [get_user_model()(username=f"bench{n}") for n in range(MEMBERS)]
        )
        members = Member.objects.bulk_create(
            [
                Member(user=u, display_name=f"居民{n}", status="active", member_number=10 + n)
                for n, u in enumerate(users)
            ]
        )
        ids = [m.id for m in members]
        accounts = member_account_ids(ids)
        pool = community_pool().id
        post_transfers([Posting(f"seed:{m}", pool, accounts[m], 144_000, "welcome") for m in ids])
        category = Category.objects.first()
        Offer.objects.bulk_create(
            [Offer(member_id=m, category=category, title="服务", expires_at="2099-01-01T00:00Z") for m in ids]
        )
    return ids


def prepare_exchanges(pool: list[int], count: int) -> list[tuple[int, int]]:
    """(exchange id, recipient id) of `count` completed exchanges between random members of `pool`."""
    from django.utils import timezone

    from sharepool.tenants.timebank.models import Exchange, Offer

    offers = dict(Offer.objects.filter(member_id__in=pool).values_list("member_id", "id"))
    category = Offer.objects.values_list("category_id", flat=True).first()
    rng = random.Random(count)
    made = []
    for _ in range(count):
        provider, recipient = rng.sample(pool, 2)
        made.append(
            Exchange(
                offer_id=offers[provider],
                provider_id=provider,
                recipient_id=recipient,
                proposed_by_id=recipient,
                category_id=category,
                state="completed",
                minutes=rng.choice([30, 60, 90, 120]),
                completed_at=timezone.now(),
            )
        )
    return [(e.id, e.recipient_id) for e in Exchange.objects.bulk_create(made)]


def confirm_all(schema_name: str, exchanges: list[tuple[int, int]], way: str, retries) -> float:
    """Confirm `exchanges` with WORKERS forked processes (as gunicorn runs them); returns the seconds taken.

    Processes, not threads: in one process the GIL would cap the Python-heavy domain path at one core
    while the baseline's waits release it, which would measure the GIL rather than the service.
    """
    from django.db import connection

    shares = [exchanges[i::WORKERS] for i in range(WORKERS)]
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(WORKERS + 1)
    connection.close()  # children must not share the parent's socket
    workers = [
        context.Process(target=confirm_share, args=(schema_name, share, way, ready, retries))
        for share in shares
    ]
    for worker in workers:
        worker.start()
    ready.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    if any(worker.exitcode != 0 for worker in workers):
        raise RuntimeError(f"a {way} worker failed")
    connection.set_schema(schema_name)
    return elapsed


def confirm_share(schema_name, share, way, ready, retries) -> None:
    from django.db import connection

    logging.getLogger("sharepool.core.retry").addHandler(SharedRetryCounter(retries))
    if way == "domain":
        from sharepool.tenants.timebank.services import do_confirm_exchange

        connection.set_schema(schema_name)
        connection.ensure_connection()
        ready.wait()
        for exchange_id, recipient_id in share:
            do_confirm_exchange(
                actor_id=recipient_id, exchange_id=exchange_id, idempotency_key=f"bench:{exchange_id}"
            )
        connection.close()
        return
    import psycopg

    settings = connection.settings_dict
    # Client-side binding, as Django's own connections use it (no `server_side_binding` in settings): with
    # psycopg's default server-binding cursor the baseline alone had its statements prepared after five runs.
    cursor_factory = psycopg.ClientCursor if BASELINE_BINDING == "client" else psycopg.Cursor
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
        cursor_factory=cursor_factory,
    ) as conn:
        conn.execute(f"SET search_path TO {schema_name}, public")
        conn.commit()
        ready.wait()
        for exchange_id, recipient_id in share:
            confirm_raw(conn, exchange_id, recipient_id)


def confirm_raw(conn, exchange_id: int, actor_id: int) -> None:
    """The same checks, locking and writes as the service, by hand: the least a confirmation can cost.

    Statement for statement what `do_confirm_exchange` sends (docstring at the top), except that the two
    balances move in two plain UPDATEs; the refusals the service would give raise here.
    """
    # Django is set up by now (setup_django); the milestone statement is production's own, not a copy.
    from sharepool.tenants.recognition.services import SERVED_AND_HELD_SQL, served_and_held_parameters

    with conn.transaction():
        # The actor is an active member (load_acting).
        (status,) = conn.execute("SELECT status FROM members_member WHERE id = %s", [actor_id]).fetchone()
        if status != "active":
            raise RuntimeError("inactive actor in the baseline")
        provider, recipient, minutes, state = conn.execute(
            "SELECT provider_id, recipient_id, minutes, state FROM timebank_exchange WHERE id = %s FOR UPDATE",
            [exchange_id],
        ).fetchone()
        if recipient != actor_id or state != "completed":
            raise RuntimeError("wrong actor or state in the baseline")
        accounts = dict(
            conn.execute(
                "SELECT member_id, id FROM ledger_account WHERE member_id IN (%s, %s)", [provider, recipient]
            ).fetchall()
        )
        locked = {
            row[0]: row
            for row in conn.execute(
                "SELECT id, balance, credit_limit FROM ledger_account WHERE id IN (%s, %s) ORDER BY id FOR UPDATE",
                [accounts[provider], accounts[recipient]],
            ).fetchall()
        }
        # Idempotency (LEDGER.md): the key is looked up after the locks, as the service does.
        key = f"raw:{exchange_id}"
        if conn.execute("SELECT id FROM ledger_transfer WHERE idempotency_key = %s", [key]).fetchone():
            raise RuntimeError("replayed key in the baseline")
        debit, credit = accounts[recipient], accounts[provider]
        if locked[debit][1] - minutes < -locked[debit][2]:
            raise RuntimeError("insufficient balance in the baseline")
        transfer = uuid.uuid4()
        conn.execute(
            "INSERT INTO ledger_transfer (id, idempotency_key, debit_id, credit_id, amount, kind, memo, created_at)"
            " VALUES (%s, %s, %s, %s, %s, 'exchange', '', now())",
            [transfer, key, debit, credit, minutes],
        )
        conn.execute("UPDATE ledger_account SET balance = balance - %s WHERE id = %s", [minutes, debit])
        conn.execute("UPDATE ledger_account SET balance = balance + %s WHERE id = %s", [minutes, credit])
        conn.execute(
            "UPDATE timebank_exchange SET state = 'confirmed', transfer_id = %s, confirmed_at = now() WHERE id = %s",
            [transfer, exchange_id],
        )
        conn.execute(
            "INSERT INTO timebank_exchangeevent (exchange_id, from_state, to_state, actor_id, minutes, note, at)"
            " VALUES (%s, 'completed', 'confirmed', %s, %s, '', now())",
            [exchange_id, recipient, minutes],
        )
        # The provider's served minutes and held milestones (grant_hours_milestones' one statement); the
        # baseline grants none, so its rows stay the ledger's and the exchange's.
        conn.execute(SERVED_AND_HELD_SQL, served_and_held_parameters(provider)).fetchone()
        # Telling the provider (announce_exchange_confirmed -> do_notify): their address and preference in
        # one statement, the row inserted unless its key exists. With no address, no delivery is queued.
        notification_key = f"exchange:{exchange_id}:confirmed"
        conn.execute(
            "SELECT u.email, p.in_app, p.by_email FROM members_member m JOIN auth_user u ON u.id = m.user_id"
            " LEFT JOIN notifications_notificationpreference p ON p.member_id = m.id AND p.kind = %s"
            " WHERE m.id = %s",
            ["exchange_confirmed", provider],
        ).fetchone()
        conn.execute(
            "INSERT INTO notifications_notification (member_id, kind, body, link, in_app, by_email, created,"
            " delivered_at, emailed_to, read_at, key) VALUES (%s, 'exchange_confirmed', %s, '', true, true,"
            " now(), now(), '', NULL, %s) ON CONFLICT (key) DO NOTHING RETURNING id",
            [provider, f"confirmed {minutes} minutes", notification_key],
        ).fetchone()


def deadlocks() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
