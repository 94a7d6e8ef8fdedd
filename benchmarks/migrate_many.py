"""Many communities in one database: making their schemas, and `migrate_schemas` over all of them, with
nothing to apply and with one new column (issues #2 and 15).

Makes N real community schemas (default 1,000) the way the pool does, by copying the migrated template
(sharepool/platform/communities/schema_copy.py), timing the first and the last few. Then, over all N:
- a no-op `migrate_schemas --tenant` with Sharepool's executor, which reads every schema's applied
  migrations in a few statements and visits none (target < 10 s at 1,000);
- the same with django-tenants' standard executor, over the first 100 only (it visits each schema: its
  cost is per schema), as the baseline;
- a real migration adding one column to one table, written for the run into the notifications app and
  removed afterwards (target < 2 min at 1,000).

Then the memory of one PostgreSQL backend (pg_backend_memory_contexts) as it serves the N communities
one after another, each with the reads of a page (members, offers, the ledger), without and with
connection recycling after CONN_MAX_COMMUNITIES (sharepool/platform/connection_recycling.py).

Usage: python benchmarks/migrate_many.py [--communities 1000]
"""

import argparse
import statistics
import time
from pathlib import Path

from _setup import ROOT, drop_database, setup_django, write_section

SAMPLE = 5
STANDARD_SAMPLE = 100
MIGRATIONS = ROOT / "sharepool" / "tenants" / "notifications" / "migrations"
ONE_COLUMN = """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("notifications", "{previous}")]
    operations = [
        migrations.RunSQL(
            "ALTER TABLE notifications_notification ADD COLUMN bench_extra integer",
            "ALTER TABLE notifications_notification DROP COLUMN bench_extra",
        )
    ]
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=1000)
    count = parser.parse_args().communities
    database = setup_django("migrate_many")
    try:
        run(count)
    finally:
        drop_database(database)


def make_communities(count: int) -> list[float]:
    from django.db import transaction

    from sharepool.platform.communities import schema_pool
    from sharepool.platform.communities.models import Community, Domain, StreetOffice

    office, _ = StreetOffice.objects.get_or_create(name="民治街道")
    schema_pool.ensure_template_schema()
    timings = []
    for index in range(count):
        slug = f"bench-{index:04d}"
        started = time.perf_counter()
        with transaction.atomic():
            schema_pool.create_schema_from_template(f"c_bench_{index:04d}")
            community = Community.objects.create(
                schema_name=f"c_bench_{index:04d}",
                slug=slug,
                name=slug,
                street_office=office,
                status="active",
            )
            Domain.objects.create(domain=f"{slug}.localhost", tenant=community, is_primary=True)
        timings.append(time.perf_counter() - started)
        if index % 100 == 99:
            print(f"  {index + 1} communities")
    return timings


def time_migrate_schemas() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    return time.perf_counter() - started


def time_standard_executor(schemas: list[str]) -> float:
    from django_tenants.management.commands.migrate_schemas import Command
    from django_tenants.migration_executors import get_executor

    options = vars(Command().create_parser("manage.py", "migrate_schemas").parse_args(["--verbosity", "0"]))
    started = time.perf_counter()
    get_executor("standard")((), options).run_migrations(tenants=schemas)
    return time.perf_counter() - started


def time_one_column_migration() -> float:
    from django.db.migrations.loader import MigrationLoader

    previous = max(name for app, name in MigrationLoader(None).disk_migrations if app == "notifications")
    path = MIGRATIONS / "9999_bench_one_column.py"
    path.write_text(ONE_COLUMN.format(previous=previous))
    try:
        return time_migrate_schemas()
    finally:
        path.unlink()
        for cached in Path(MIGRATIONS / "__pycache__").glob("9999_bench_one_column*"):
            cached.unlink()


def backend_bytes() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(total_bytes)::bigint FROM pg_backend_memory_contexts")
        return cursor.fetchone()[0]


def serve(schema_name: str) -> None:
    """What a page asks of a community: its members, its offers with their members, a ledger account."""
    from django.db import connection

    from sharepool.tenants.ledger.models import Account
    from sharepool.tenants.members.models import Member
    from sharepool.tenants.timebank.models import Offer

    connection.set_schema(schema_name)
    list(Member.objects.select_related("user", "building")[:20])
    list(Offer.objects.select_related("member", "category")[:20])
    list(Account.objects.all()[:5])


def memory_as_communities_are_served(schemas: list[str], *, recycle: bool) -> list[tuple[int, int]]:
    """[(communities served, backend bytes)] at 1, 10, 100 and every 250 after; the peak last."""
    from django.conf import settings
    from django.db import connection

    from sharepool.platform.connection_recycling import note_schema_served

    connection.close()
    points, peak = [], 0
    for index, schema in enumerate(schemas, start=1):
        serve(schema)
        now = backend_bytes()
        peak = max(peak, now)
        if index in (1, 10, 100) or index % 250 == 0 or index == len(schemas):
            points.append((index, now))
        if recycle:
            note_schema_served()  # what the end of each request does
    connection.set_schema_to_public()
    print(
        ("with" if recycle else "without")
        + f" recycling after {settings.CONN_MAX_COMMUNITIES}: "
        + ", ".join(f"{n}: {b / 2**20:.1f} MiB" for n, b in points)
        + f"; peak {peak / 2**20:.1f} MiB"
    )
    return points + [(-1, peak)]


def run(count: int) -> None:
    from sharepool.platform.communities.models import Community

    made = make_communities(count)
    first, last = statistics.median(made[:SAMPLE]), statistics.median(made[-SAMPLE:])
    print(
        f"make a schema by copying the template: {first * 1000:.0f} ms first, {last * 1000:.0f} ms at {count}"
    )
    schemas = list(Community.objects.order_by("schema_name").values_list("schema_name", flat=True))
    no_op = time_migrate_schemas()
    print(f"no-op migrate_schemas over {count}: {no_op:.1f} s")
    sample = schemas[:STANDARD_SAMPLE]
    standard = time_standard_executor(sample)
    print(f"django-tenants standard executor over {len(sample)}: {standard:.1f} s")
    one_column = time_one_column_migration()
    print(f"one-column migration over {count}: {one_column:.1f} s")

    without = memory_as_communities_are_served(schemas, recycle=False)
    with_recycling = memory_as_communities_are_served(schemas, recycle=True)
    from django.conf import settings

    memory_rows = "\n".join(
        f"| {n:,} | {a / 2**20:.1f} MiB | {b / 2**20:.1f} MiB |"
        for (n, a), (_, b) in zip(without[:-1], with_recycling[:-1], strict=True)
    )
    per_community = (without[-2][1] - without[0][1]) / max(without[-2][0] - 1, 1)

    per_standard = standard / len(sample)
    write_section(
        "Migrating many communities",
        f"`python benchmarks/migrate_many.py --communities {count}`: {count} real community schemas in one "
        "database, each copied from the migrated template as the pool makes them.\n\n"
        f"| what | over {count} communities | per community | target |\n|---|---|---|---|\n"
        f"| no-op `migrate_schemas --tenant` (Sharepool's executor) | {no_op:.1f} s | "
        f"{no_op / count * 1000:.1f} ms | < 10 s {'met' if no_op < 10 else 'MISSED'} |\n"
        f"| the same, django-tenants' standard executor (timed over {len(sample)}) | "
        f"{per_standard * count:.0f} s at that rate | {per_standard * 1000:.0f} ms | baseline |\n"
        f"| a migration adding one column | {one_column:.1f} s | {one_column / count * 1000:.0f} ms | "
        f"< 120 s {'met' if one_column < 120 else 'MISSED'} |\n\n"
        f"Making one schema by copying the template: {first * 1000:.0f} ms for the first communities, "
        f"{last * 1000:.0f} ms with {count} in the database (median of {SAMPLE}).\n\n"
        "Sharepool's executor reads every schema's applied migrations, 200 schemas a statement, and visits\n"
        "only the schemas that lack one (sharepool/platform/communities/migration_state.py). A real migration\n"
        "still runs Django's migrate in each schema, in one process per core; its cost per schema grows with\n"
        "the catalog, which Django's introspection reads (pg_catalog holds every schema's tables). See\n"
        "infra/SCALING.md.\n\n"
        "Memory of one PostgreSQL backend (sum of pg_backend_memory_contexts) serving the communities one "
        "after another, each with a page's reads (members, offers with members, ledger accounts):\n\n"
        f"| communities served | kept connection | recycled after {settings.CONN_MAX_COMMUNITIES} |\n"
        "|---|---|---|\n"
        f"{memory_rows}\n"
        f"| peak | {without[-1][1] / 2**20:.1f} MiB | {with_recycling[-1][1] / 2**20:.1f} MiB |\n\n"
        f"About {per_community / 1024:.0f} KiB more per community served, never given back while the connection "
        "lives: CONN_MAX_COMMUNITIES bounds it (sharepool/platform/connection_recycling.py).\n",
    )


if __name__ == "__main__":
    main()
