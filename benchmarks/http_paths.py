"""The request path against bare Django, with wrk, through gunicorn (issue 15).

Two gunicorns on 127.0.0.1 with the same sync workers: Sharepool (DEBUG off, a `bench` community with 20
members' offers and a resident's bearer token) and bare Django (benchmarks/bare_django.py: no middleware,
a hello view and an ORM read by primary key of one row in the same schema). Rounds load each target in
turn with `wrk -t2 -c8`; each ratio is taken within a round, and the median over rounds is reported.

    DATABASE_URL=postgres://... python benchmarks/http_paths.py [--seconds 5] [--rounds 3] [--force]

Targets: healthz >= 0.8 of bare hello; GraphQL `me` >= 0.6 of the bare ORM read; `offers(limit: 20)`
with members >= 0.7 of GraphQL `me`. Writes the "Request path" section of benchmarks/RESULTS.md,
unless the machine was busy when it started (_setup.write_section).
"""

import argparse
import json
import os
import statistics
import sys
from urllib.parse import urlsplit, urlunsplit

from _http import Target, free_port, measure_rounds, start_gunicorn, stop
from _setup import drop_database, setup_django, write_section

SLUG = "bench"
HOST = f"{SLUG}.localhost"
SECTION = "Request path (issue 15)"
ME = "{ me { id memberNumber displayName role status building unit phone username } }"
OFFERS = "{ offers(limit: 20) { totalCount items { id title category { name } member { displayName memberNumber } } } }"
RATIOS = [
    # (what, of, target)
    ("community /healthz", "bare hello", 0.8),
    ("/bench/me.json (bearer)", "bare ORM read", None),
    ("GraphQL me", "bare ORM read", 0.6),
    ("GraphQL offers(limit: 20)", "GraphQL me", 0.7),
]


def prepare() -> tuple[str, int, str]:
    """The bench community: 20 members with an offer each, and a resident; returns (token, a user id, schema)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from sharepool.platform.communities.services import onboard_community
    from sharepool.tenants.members.models import Member
    from sharepool.tenants.members.services import do_issue_member_token
    from sharepool.tenants.timebank.models import Category
    from sharepool.tenants.timebank.services import do_post_offer

    onboarded = onboard_community(
        slug=SLUG, name="基准社区", street_office_name="基准街道", admin_password="bench-admin-2026"
    )
    with schema_context(onboarded.schema_name):
        members = []
        for number in range(2, 23):
            user = get_user_model().objects.create_user(username=f"resident{number}", password=None)
            members.append(
                Member.objects.create(
                    user=user,
                    display_name=f"居民{number}",
                    phone="13912345678",
                    unit="502",
                    status="active",
                    member_number=number,
                    approved_at=timezone.now(),
                )
            )
        category = Category.objects.first()
        for member in members[1:]:
            do_post_offer(actor_id=member.id, category_id=category.id, title=f"{member.display_name}的服务")
        token = do_issue_member_token(member=members[0]).token
        user_id = members[0].user_id
    connection.close()
    return token, user_id, onboarded.schema_name


def database_url(database: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{database}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="per target and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL (a PostgreSQL on which the benchmark may create a throw-away database).")

    database = setup_django("http")
    servers = []
    try:
        token, user_id, schema = prepare()
        url = database_url(database)
        sharepool_port, bare_port = free_port(), free_port()
        servers.append(
            start_gunicorn(
                "sharepool.platform.wsgi",
                port=sharepool_port,
                workers=options.workers,
                env={
                    "DATABASE_URL": url,
                    "BENCHMARK_VIEWS": "1",
                    "DEBUG": "0",
                    "SECRET_KEY": "benchmark-only-" + "x" * 40,
                    "SECURE_SSL_REDIRECT": "0",
                    "LOG_LEVEL": "WARNING",
                    "DJANGO_SETTINGS_MODULE": "sharepool.platform.settings",
                },
                probe="/healthz",
                host=HOST,
            )
        )
        servers.append(
            start_gunicorn(
                "benchmarks.bare_django",
                port=bare_port,
                workers=options.workers,
                env={"BARE_DATABASE_URL": url, "BARE_SCHEMA": schema},
                probe="/hello",
                host="localhost",
            )
        )
        bearer = {"Authorization": f"Bearer {token}"}
        graphql = {**bearer, "Content-Type": "application/json"}
        targets = [
            Target("bare hello", bare_port, "/hello"),
            Target("bare ORM read", bare_port, f"/user/{user_id}.json"),
            Target("community /healthz", sharepool_port, "/healthz", HOST),
            Target("/bench/me.json (bearer)", sharepool_port, "/bench/me.json", HOST, bearer),
            Target("GraphQL me", sharepool_port, "/graphql/", HOST, graphql, json.dumps({"query": ME})),
            Target(
                "GraphQL offers(limit: 20)",
                sharepool_port,
                "/graphql/",
                HOST,
                graphql,
                json.dumps({"query": OFFERS}),
            ),
        ]
        rates = measure_rounds(targets, rounds=options.rounds, seconds=options.seconds)
    finally:
        for server in servers:
            stop(server)
        drop_database(database)
    report(rates, options)


def report(rates: dict, options) -> None:
    lines = [
        f"`python benchmarks/http_paths.py --seconds {options.seconds} --rounds {options.rounds}`: "
        f"wrk -t2 -c8 against gunicorn ({options.workers} sync workers each) on 127.0.0.1.",
        "",
        "| path | requests/s (median) | baseline | baseline requests/s | ratio (median of rounds) | target |",
        "|---|---|---|---|---|---|",
    ]
    for name, baseline, target in RATIOS:
        ratios = [a / b for a, b in zip(rates[name], rates[baseline], strict=True)]
        ratio = statistics.median(ratios)
        verdict = "" if target is None else f">= {target} {'met' if ratio >= target else 'MISSED'}"
        lines.append(
            f"| {name} | {statistics.median(rates[name]):,.0f} | {baseline} | "
            f"{statistics.median(rates[baseline]):,.0f} | {ratio:.2f} | {verdict} |"
        )
    lines.append("")
    lines.append(f"Bare hello: {statistics.median(rates['bare hello']):,.0f} requests/s.")
    print("\n".join(lines))
    write_section(SECTION, "\n".join(lines))


if __name__ == "__main__":
    main()
