"""A page against its GraphQL twin, same data, same run (issue 12): `/me/transfers/` (the member's balance
and a page of 20 movements, as HTML) against the `account` + `transfers(limit: 20)` query (as JSON).

Both are served by one gunicorn on 127.0.0.1 with DEBUG off, through the same middleware; the page signs
in with the session cookie, GraphQL with a bearer token (as their clients do). wrk drives each in
alternating rounds; the load average is recorded before and after, since the figures mean something
only on a quiet machine (the target: the page at least as fast as its twin).

    DATABASE_URL=postgres://... python benchmarks/pages.py [--seconds 5] [--rounds 4] [--connections 4]

Runs on a throw-away database (benchmarks/_setup.py) and writes the "Pages against GraphQL" section of
benchmarks/RESULTS.md.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime

from _setup import ROOT, drop_database, machine_line, setup_django, write_section
from graphql_throughput import free_port, request, start_gunicorn

SLUG = "bench"
HOST = f"{SLUG}.localhost"
MOVEMENTS = 60
QUERY = (
    "{ account { balanceMinutes creditLimitMinutes } transfers(limit: 20) { totalCount "
    "items { id kind amountMinutes debitAccountId creditAccountId memo createdAt } } }"
)
SECTION = "Pages against GraphQL (issue 12)"


def prepare() -> tuple[str, str]:
    """The bench community, a resident with MOVEMENTS transfers; returns (session cookie, bearer token)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django_tenants.utils import schema_context

    from sharepool.platform.communities.services import onboard_community
    from sharepool.platform.hosts import SESSION_SCHEMA_KEY
    from sharepool.tenants.ledger.models import Transfer
    from sharepool.tenants.ledger.services import community_pool, do_transfer, member_account_id
    from sharepool.tenants.members.models import Member
    from sharepool.tenants.members.services import do_issue_member_token

    onboarded = onboard_community(
        slug=SLUG, name="基准社区", street_office_name="基准街道", admin_password="bench-admin-2026"
    )
    with schema_context(onboarded.schema_name):
        user = get_user_model().objects.create_user(username="resident", password="bench-resident-2026")
        member = Member.objects.create(
            user=user, display_name="赵芳", phone="13912345678", status="active", member_number=2
        )
        pool, account = community_pool().id, member_account_id(member.id)
        for n in range(MOVEMENTS):
            do_transfer(
                idempotency_key=f"bench-{n}",
                debit_account_id=pool,
                credit_account_id=account,
                amount=30,
                kind=Transfer.Kind.WELCOME,
            )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[SESSION_SCHEMA_KEY] = onboarded.schema_name
        session.create()
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
        token = do_issue_member_token(member=member).token
    connection.close()
    return cookie, token


def wrk(port: int, path: str, seconds: float, connections: int, headers: dict, body: str | None) -> float:
    """Requests per second wrk reports; fails on any non-2xx answer."""
    script = None
    command = [
        "wrk",
        f"-t{min(connections, 2)}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "-H",
        f"Host: {HOST}",
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if body is not None:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n')
        script.close()
        command += ["-s", script.name]
    try:
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
        ).stdout
    finally:
        if script is not None:
            os.unlink(script.name)
    if "Non-2xx" in output:
        raise RuntimeError(f"{path} answered errors:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per round and endpoint")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-record", action="store_true")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL (a PostgreSQL the benchmark may create its `bench` community in).")
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")

    load_before = os.getloadavg()
    # The session is signed here and read by gunicorn: the same key as start_gunicorn gives it.
    os.environ["SECRET_KEY"] = "benchmark-only-" + "x" * 40
    database = setup_django("pages")
    cookie, token = prepare()
    # DEBUG off: pages name their fingerprinted static files, so collect them as a deployment does.
    os.environ["STATIC_ROOT"] = static_root = tempfile.mkdtemp(prefix="sharepool-static-")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=os.environ | {"DEBUG": "0", "SECRET_KEY": "benchmark-only-" + "x" * 40},
        check=True,
    )
    port = free_port()
    server = start_gunicorn(port, options.workers, database)
    page = ("/me/transfers/", {"Cookie": cookie}, None)
    twin = (
        "/graphql/",
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        json.dumps({"query": QUERY}),
    )
    try:
        # Both show the same movements before anything is timed.
        status, html = request(port, "GET", page[0], None, page[1])
        status_api, answer = request(port, "POST", twin[0], twin[2].encode(), twin[1])
        data = json.loads(answer)["data"]
        assert status == status_api == 200, (status, status_api)
        assert html.count(b"data-transfer=") == len(data["transfers"]["items"]) == 20
        assert all(item["id"].encode() in html for item in data["transfers"]["items"])
        for path, headers, body in (page, twin):  # warm both
            wrk(port, path, 1, options.connections, headers, body)
        rates = {"page": [], "graphql": []}
        for _round in range(options.rounds):
            rates["page"].append(wrk(port, page[0], options.seconds, options.connections, page[1], None))
            rates["graphql"].append(
                wrk(port, twin[0], options.seconds, options.connections, twin[1], twin[2])
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
        drop_database(database)
        shutil.rmtree(static_root, ignore_errors=True)
    load_after = os.getloadavg()

    page_rate, graphql_rate = statistics.median(rates["page"]), statistics.median(rates["graphql"])
    ratio = statistics.median(p / g for p, g in zip(rates["page"], rates["graphql"], strict=True))
    lines = [
        f"`python benchmarks/pages.py --seconds {options.seconds:g} --rounds {options.rounds} "
        f"--connections {options.connections} --workers {options.workers}` ({machine_line()}, "
        f"{datetime.now(UTC):%Y-%m-%d}).",
        f"gunicorn ({options.workers} sync workers) on 127.0.0.1, Host `{HOST}`, DEBUG off, wrk on the same "
        f"machine; a resident with {MOVEMENTS} movements, 20 shown. Load average (1 min) before "
        f"{load_before[0]:.1f}, after {load_after[0]:.1f}: figures taken on a busy machine are noise.",
        "",
        "| endpoint | requests/s (median of rounds) | rounds |",
        "|---|---|---|",
        f"| page `/me/transfers/` (HTML, session cookie) | {page_rate:.0f} | "
        f"{', '.join(f'{r:.0f}' for r in rates['page'])} |",
        f"| GraphQL `{QUERY}` (bearer token) | {graphql_rate:.0f} | "
        f"{', '.join(f'{r:.0f}' for r in rates['graphql'])} |",
        "",
        f"**page / GraphQL = {ratio:.0%}** (median of the rounds' ratios; target >= 100%).",
    ]
    print("\n".join(lines))
    if not options.no_record:
        write_section(SECTION, "\n".join(lines))


if __name__ == "__main__":
    main()
