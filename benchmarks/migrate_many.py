"""Many communities in one database: a no-op `migrate_schemas` over all of them, extrapolated to 2,000,
and how the two ways of making a schema behave as the catalog grows (issue #2).

Creates N communities (default 200) by migrating a schema for each (what the pool does), timing the
first and last few, and a django-tenants clone_schema() at the start and at the end for comparison. Then
times `migrate_schemas --tenant` with nothing to apply, with the standard and multiprocessing executors.

Usage: python benchmarks/migrate_many.py [--communities 200]
"""

import argparse
import statistics
import time

from _setup import clone_from_template, drop_database, machine_line, setup_django, write_section

SAMPLE = 5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=200)
    count = parser.parse_args().communities
    database = setup_django("migrate_many")
    try:
        run(count)
    finally:
        drop_database(database)


def time_clone(label: str) -> float:
    from sharepool.platform.communities import schema_pool

    started = time.perf_counter()
    clone_from_template(f"bench_clone_{label}")
    elapsed = time.perf_counter() - started
    schema_pool.drop_schema(f"bench_clone_{label}")
    return elapsed


def make_communities(count: int) -> list[float]:
    from django.db import transaction

    from sharepool.platform.communities import schema_pool
    from sharepool.platform.communities.models import Community, Domain, StreetOffice

    office, _ = StreetOffice.objects.get_or_create(name="民治街道")
    timings = []
    for index in range(count):
        slug = f"bench-{index:04d}"
        started = time.perf_counter()
        with transaction.atomic():
            schema_pool.create_schema_by_migrating(f"c_bench_{index:04d}")
            community = Community.objects.create(
                schema_name=f"c_bench_{index:04d}",
                slug=slug,
                name=slug,
                street_office=office,
                status="active",
            )
            Domain.objects.create(domain=f"{slug}.localhost", tenant=community, is_primary=True)
        timings.append(time.perf_counter() - started)
        if index % 50 == 49:
            print(f"  {index + 1} communities")
    return timings


def time_migrate(executor: str) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0, executor=executor)
    return time.perf_counter() - started


def run(count: int) -> None:
    from django.conf import settings

    clone_first = statistics.median(time_clone(f"first_{i}") for i in range(SAMPLE))
    created = make_communities(count)
    clone_last = statistics.median(time_clone(f"last_{i}") for i in range(SAMPLE))
    migrate_first, migrate_last = statistics.median(created[:SAMPLE]), statistics.median(created[-SAMPLE:])
    print(
        f"make a schema by migrating: {migrate_first * 1000:.0f} ms first, {migrate_last * 1000:.0f} ms at {count}"
    )
    print(
        f"make a schema by cloning:   {clone_first * 1000:.0f} ms first, {clone_last * 1000:.0f} ms at {count}"
    )

    settings.TENANT_MULTIPROCESSING_MAX_PROCESSES = 2
    results = {executor: time_migrate(executor) for executor in ("standard", "multiprocessing")}
    rows = []
    for executor, seconds in results.items():
        per_schema = seconds / count
        print(f"{executor:16s} {seconds:6.1f} s  {per_schema * 1000:5.0f} ms/community")
        rows.append(
            f"| {executor} | {seconds:.1f} s | {per_schema * 1000:.0f} ms | {per_schema * 2000 / 60:.1f} min |"
        )
    write_section(
        "Migrating many communities",
        f"`python benchmarks/migrate_many.py --communities {count}` ({machine_line()}, {time.strftime('%Y-%m-%d')}).\n\n"
        f"A no-op `migrate_schemas --tenant` over {count} communities:\n\n"
        f"| executor | {count} communities | per community | extrapolated to 2,000 |\n|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\nThe cost is per schema (Django loads the migration graph and reads each schema's `django_migrations`),\n"
        "so it grows linearly; a real migration adds its own DDL time per schema. The multiprocessing executor\n"
        "(`TENANT_MULTIPROCESSING_MAX_PROCESSES`) divides it by the cores given to it. See infra/SCALING.md.\n\n"
        "Making one schema, with the first communities and with all of them in the database (median of 5):\n\n"
        f"| way | first | at {count} | ratio |\n|---|---|---|---|\n"
        f"| migrate (the pool's way) | {migrate_first * 1000:.0f} ms | {migrate_last * 1000:.0f} ms | "
        f"{migrate_last / migrate_first:.1f}x |\n"
        f"| django-tenants clone_schema() | {clone_first * 1000:.0f} ms | {clone_last * 1000:.0f} ms | "
        f"{clone_last / clone_first:.1f}x |\n\n"
        "clone_schema() reads the whole catalog, so it slows down as communities are added; migrating does not.\n"
        "That is why ready schemas are made by migrating (out of the request path) and onboarding only renames.\n",
    )


if __name__ == "__main__":
    main()
