"""Each main page against the GraphQL query that shows the same data, same run (issue 12).

One gunicorn (DEBUG off, static files collected as a deployment does) serves a `bench` community: 20
members with an offer each, 20 upcoming activities, and a resident with 60 movements and 20 messages.
Each page is loaded with the resident's session cookie, its twin with the resident's bearer token (as
their clients do); wrk -t2 -c8 loads every target once per round, in the same order, and each page's
ratio to its twin is taken within a round (the median over rounds is reported). Target: every page at
least as fast as its twin (ratio >= 1.0).

    DATABASE_URL=postgres://... python benchmarks/pages.py [--seconds 3] [--rounds 3]

About two minutes. Writes the "Pages against GraphQL" section of benchmarks/RESULTS.md unless the machine
was busy when it started (_setup.write_section; BENCH_FORCE=1 writes anyway, marked).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from datetime import timedelta
from importlib import import_module
from urllib.parse import urlsplit, urlunsplit

from _http import Target, free_port, measure_rounds, start_gunicorn, stop
from _setup import ROOT, drop_database, setup_django, write_section

SLUG = "bench"
HOST = f"{SLUG}.localhost"
SECTION = "Pages against GraphQL (issue 12)"
SECRET_KEY = "benchmark-only-" + "x" * 40
MOVEMENTS = 60

# page -> the GraphQL query a client would send to show the same data
TWINS = {
    "/": "{ stats { members hoursServed } account { balanceMinutes } "
    "activities(limit: 5) { items { id title startsAt place category { name } } } }",
    # The page's category filter lists the categories: a client shows them too.
    "/offers/": "{ categories { id name } offers(limit: 20) { totalCount items { id title category { name } "
    "member { displayName building } } } }",
    "/activities/": "{ activities(limit: 20) { totalCount items { id title startsAt place status "
    "category { name } } } }",
    # The page shows the member's hours served and received, and their honours: $me is their member id.
    "/me/": "query ($me: ID) { me { displayName memberNumber building unit skills } "
    "account { balanceMinutes creditLimitMinutes minutesServed minutesReceived } "
    "transfers(limit: 5) { items { id kind amountMinutes debitAccountId creditAccountId createdAt } } "
    "recognitions(memberId: $me, limit: 10) { items { id kind threshold grantedAt } } "
    "notificationPreferences { kind inApp byEmail } }",
    "/me/transfers/": "{ account { balanceMinutes creditLimitMinutes } transfers(limit: 20) { totalCount "
    "items { id kind amountMinutes debitAccountId creditAccountId memo createdAt } } }",
    # The page says how many are unread.
    "/notifications/": "{ notifications(limit: 20) { totalCount items { id title body link created readAt } } "
    "unread: notifications(unreadOnly: true, limit: 1) { totalCount } }",
}


def prepare() -> tuple[str, str, int]:
    """The bench community and its resident; returns (session cookie, bearer token, their member id)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db import connection
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from sharepool.platform.communities.services import onboard_community
    from sharepool.platform.hosts import SESSION_SCHEMA_KEY
    from sharepool.tenants.activities.services import do_create_activity
    from sharepool.tenants.ledger.models import Transfer
    from sharepool.tenants.ledger.services import community_pool, do_transfer, member_account_id
    from sharepool.tenants.members.models import Member
    from sharepool.tenants.members.services import do_issue_member_token
    from sharepool.tenants.notifications.services import do_notify
    from sharepool.tenants.timebank.models import Category
    from sharepool.tenants.timebank.services import do_post_offer

    onboarded = onboard_community(
        slug=SLUG, name="基准社区", street_office_name="基准街道", admin_password="bench-admin-2026"
    )
    with schema_context(onboarded.schema_name):
        members = []
        for number in range(2, 23):
            user = get_user_model().objects.create_user(
                username=f"resident{number}", password="bench-resident-2026"
            )
            members.append(
                Member.objects.create(
                    user=user,
                    display_name=f"居民{number}",
                    phone="13912345678",
                    status=Member.Status.ACTIVE,
                    member_number=number,
                    approved_at=timezone.now(),
                )
            )
        resident, admin = members[0], Member.objects.get(role=Member.Role.ADMIN)
        category = Category.objects.first()
        for member in members[1:]:
            do_post_offer(actor_id=member.id, category_id=category.id, title=f"{member.display_name}的服务")
        start = timezone.now() + timedelta(days=1)
        for day in range(20):
            do_create_activity(
                actor_id=admin.id,
                title="四点半课堂",
                category_id=category.id,
                starts_at=start + timedelta(days=day),
                ends_at=start + timedelta(days=day, hours=2),
                place="社区活动室",
                capacity=30,
                minutes_credited=60,
            )
        pool, account = community_pool().id, member_account_id(resident.id)
        for n in range(MOVEMENTS):
            do_transfer(
                idempotency_key=f"bench-{n}",
                debit_account_id=pool,
                credit_account_id=account,
                amount=30,
                kind=Transfer.Kind.WELCOME,
            )
        for n in range(20):
            do_notify(member_id=resident.id, kind="exchange_proposed", body=f"消息 {n}", key=f"bench-{n}")
        session = import_module(settings.SESSION_ENGINE).SessionStore()  # as Django's test client does
        session[SESSION_KEY] = str(resident.user_id)
        session[BACKEND_SESSION_KEY] = "sharepool.credentials.backends.SessionUserBackend"
        session[HASH_SESSION_KEY] = resident.user.get_session_auth_hash()
        session[SESSION_SCHEMA_KEY] = onboarded.schema_name
        session.create()
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
        token = do_issue_member_token(member=resident).token
    connection.close()
    return cookie, token, resident.id


def database_url(database: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{database}"))


def check_pair(page: Target, twin: Target) -> None:
    """Both answer 200 with real content before anything is timed (a page that redirected to sign-in
    would be fast and mean nothing)."""
    for target in (page, twin):
        body = None if target.body is None else target.body.encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{target.port}{target.path}",
            data=body,
            headers={"Host": target.host, **target.headers},
        )
        with urllib.request.urlopen(request, timeout=120) as response:  # a cold worker on a busy machine
            text = response.read().decode()
            assert response.status == 200 and response.url.endswith(target.path), (target.name, response.url)
        if target is twin:
            assert "errors" not in json.loads(text), (target.name, text[:300])
        else:
            assert "居民2" in text, target.name  # the resident's own name in the header: signed in


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3, help="per target and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL (a PostgreSQL on which the benchmark may create a throw-away database).")

    # The session is signed here and read by gunicorn: both with the same key.
    os.environ["SECRET_KEY"] = SECRET_KEY
    database = setup_django("pages")
    server = None
    static_root = tempfile.mkdtemp(prefix="sharepool-static-")
    try:
        cookie, token, member_id = prepare()
        env = {
            "DATABASE_URL": database_url(database),
            "DEBUG": "0",
            "SECRET_KEY": SECRET_KEY,
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "WARNING",
            "STATIC_ROOT": static_root,
            "DJANGO_SETTINGS_MODULE": "sharepool.platform.settings",
        }
        # DEBUG off: pages name their fingerprinted static files, so they are collected as in a deployment.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=os.environ | env,
            check=True,
        )
        port = free_port()
        server = start_gunicorn(
            "sharepool.platform.wsgi",
            port=port,
            workers=options.workers,
            env=env,
            probe="/healthz",
            host=HOST,
        )
        graphql = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        targets = []
        for path, query in TWINS.items():
            page = Target(f"page {path}", port, path, HOST, {"Cookie": cookie})
            body = json.dumps({"query": query, "variables": {"me": member_id}})
            twin = Target(f"GraphQL of {path}", port, "/graphql/", HOST, graphql, body)
            check_pair(page, twin)
            targets += [page, twin]
        rates = measure_rounds(targets, rounds=options.rounds, seconds=options.seconds)
    finally:
        if server is not None:
            stop(server)
        drop_database(database)
        shutil.rmtree(static_root, ignore_errors=True)
    report(rates, options)


def report(rates: dict, options) -> None:
    lines = [
        f"`python benchmarks/pages.py --seconds {options.seconds} --rounds {options.rounds}`: wrk -t2 -c8 "
        f"against gunicorn ({options.workers} sync workers) on 127.0.0.1, DEBUG off; the page with the "
        "resident's session cookie, its twin with their bearer token.",
        "",
        "| page | requests/s (median) | GraphQL twin requests/s (median) | page / twin (median of rounds) | target |",
        "|---|---|---|---|---|",
    ]
    for path in TWINS:
        page, twin = rates[f"page {path}"], rates[f"GraphQL of {path}"]
        # A round in which wrk completed nothing (a very busy machine) has no ratio.
        ratios = [p / t for p, t in zip(page, twin, strict=True) if t > 0]
        ratio = f"{statistics.median(ratios):.2f}" if ratios else "n/a"
        verdict = "met" if ratios and statistics.median(ratios) >= 1.0 else "MISSED"
        lines.append(
            f"| `{path}` | {statistics.median(page):,.0f} | {statistics.median(twin):,.0f} | "
            f"{ratio} | >= 1.0 {verdict} |"
        )
    lines += ["", "The twins' queries:", ""]
    lines += [f"- `{path}`: `{query}`" for path, query in TWINS.items()]
    print("\n".join(lines))
    write_section(SECTION, "\n".join(lines))


if __name__ == "__main__":
    main()
