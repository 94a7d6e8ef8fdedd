"""Requests per second of `{ me { ... } }` through GraphQL against a plain Django JSON view (issue #3).

Both are served by one gunicorn on 127.0.0.1, through the same middleware (tenant from the Host header,
bearer token checked against the community), and do the same ORM work: the token joined to its member
and user. The two are measured in alternating rounds of the same run, so machine noise hits both;
the figure that matters is the ratio (target: GraphQL >= 60% of plain).

    DATABASE_URL=postgres://... python benchmarks/graphql_throughput.py [--seconds 3] [--rounds 8]

Runs on a throw-away database (benchmarks/_setup.py) and writes the "GraphQL throughput" section of
benchmarks/RESULTS.md.
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from _setup import ROOT, drop_database, machine_line, setup_django, write_section

SLUG = "bench"
HOST = f"{SLUG}.localhost"
QUERY = "{ me { id memberNumber displayName role status building unit phone username } }"
SECTION = "GraphQL throughput (issue #3)"


def prepare() -> str:
    """A throw-away database with the bench community and one resident; returns the resident's token."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django_tenants.utils import schema_context

    from sharepool.platform.communities.services import onboard_community
    from sharepool.tenants.members.models import Member
    from sharepool.tenants.members.services import do_issue_member_token

    onboarded = onboard_community(
        slug=SLUG, name="基准社区", street_office_name="基准街道", admin_password="bench-admin-2026"
    )
    with schema_context(onboarded.schema_name):
        user = get_user_model().objects.create_user(username="resident", password="bench-resident-2026")
        member = Member.objects.create(
            user=user,
            display_name="赵芳",
            phone="13912345678",
            building="3栋",
            unit="502",
            status="active",
            member_number=2,
        )
        token = do_issue_member_token(member=member).token
    connection.close()
    return token


def document_costs(repeat: int = 2000) -> tuple[float, float]:
    """Microseconds to parse and validate QUERY, and to find it in the document cache (in-process)."""
    from sharepool.graphql.community.schema import schema
    from sharepool.graphql.core.documents import parse_and_validate

    graphql_schema = schema.graphql_schema
    started = time.perf_counter()
    for _n in range(repeat):
        parse_and_validate.__wrapped__(graphql_schema, QUERY, False)
    uncached = (time.perf_counter() - started) / repeat * 1e6
    parse_and_validate(graphql_schema, QUERY, False)
    started = time.perf_counter()
    for _n in range(repeat):
        parse_and_validate(graphql_schema, QUERY, False)
    cached = (time.perf_counter() - started) / repeat * 1e6
    return uncached, cached


def database_url(database: str) -> str:
    """DATABASE_URL pointing at the benchmark's database, for the gunicorn process."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{database}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, database: str) -> subprocess.Popen:
    env = os.environ | {
        "DATABASE_URL": database_url(database),
        "BENCHMARK_VIEWS": "1",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "sharepool.platform.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _body = request(port, "GET", "/healthz", None, {})
            if status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def request(port: int, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **headers})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def graphql_call(port: int, token: str):
    body = json.dumps({"query": QUERY}).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    return lambda: request(port, "POST", "/graphql/", body, headers)


def plain_call(port: int, token: str):
    headers = {"Authorization": f"Bearer {token}"}
    return lambda: request(port, "GET", "/bench/me.json", None, headers)


def measure(call, seconds: float, concurrency: int) -> float:
    """Requests per second answered 200 by `concurrency` client threads during `seconds`."""
    done = [0] * concurrency
    failures = []
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        while time.monotonic() < stop:
            status, _body = call()
            if status != 200:
                failures.append(status)
                return
            done[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"requests failed: {failures[:5]}")
    return sum(done) / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per round and endpoint")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-record", action="store_true")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL (a PostgreSQL the benchmark may create its `bench` community in).")

    database = setup_django("graphql")
    token = prepare()
    uncached_us, cached_us = document_costs()
    port = free_port()
    server = start_gunicorn(port, options.workers, database)
    try:
        graphql, plain = graphql_call(port, token), plain_call(port, token)
        # Same answer from both, before anything is timed.
        graphql_me = json.loads(graphql()[1])["data"]["me"]
        plain_me = json.loads(plain()[1])["me"]
        assert graphql_me == plain_me, (graphql_me, plain_me)
        for call in (graphql, plain):  # warm both (connections, caches)
            measure(call, 1.0, options.concurrency)
        rates = {"plain": [], "graphql": []}
        for _round in range(options.rounds):
            rates["plain"].append(measure(plain, options.seconds, options.concurrency))
            rates["graphql"].append(measure(graphql, options.seconds, options.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=10)
        drop_database(database)

    plain_rate = statistics.median(rates["plain"])
    graphql_rate = statistics.median(rates["graphql"])
    # Each round measures plain then GraphQL back to back: the median of their ratios cancels most of the
    # load other processes put on the machine during the run.
    ratio = statistics.median(g / p for g, p in zip(rates["graphql"], rates["plain"], strict=True))
    lines = [
        f"`python benchmarks/graphql_throughput.py "
        f"--seconds {options.seconds:g} --rounds {options.rounds} --concurrency {options.concurrency} "
        f"--workers {options.workers}` ({machine_line()}, {datetime.now(UTC):%Y-%m-%d}).",
        f"gunicorn ({options.workers} sync workers) on 127.0.0.1, Host `{HOST}`, bearer token, DEBUG off; "
        "the load generator shares the machine. Rounds alternate plain and GraphQL; "
        f"load average at the end {os.getloadavg()[0]:.1f} (other work on the machine adds noise to single rounds).",
        "",
        "| endpoint | requests/s (median of rounds) | rounds |",
        "|---|---|---|",
        f"| plain Django JSON view `/bench/me.json` | {plain_rate:.0f} | {', '.join(f'{r:.0f}' for r in rates['plain'])} |",
        f"| GraphQL `{QUERY}` | {graphql_rate:.0f} | {', '.join(f'{r:.0f}' for r in rates['graphql'])} |",
        "",
        f"**GraphQL / plain = {ratio:.0%}** (median of the rounds' ratios; target >= 60%).",
        "",
        f"The document cache (core/documents.py): parsing and validating this query costs {uncached_us:.0f} µs; "
        f"finding it in the cache {cached_us:.1f} µs (in-process, mean of 2,000).",
    ]
    print("\n".join(lines))
    if not options.no_record:
        write_section(SECTION, "\n".join(lines))


if __name__ == "__main__":
    main()
