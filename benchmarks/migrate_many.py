"""A no-op `migrate_schemas` over many communities, extrapolated to 2,000 (issue #2).

Creates N communities (default 200) by cloning the template, then times `migrate_schemas --tenant` with
nothing to apply, with the standard executor and with the multiprocessing one, in one run.

Usage: python benchmarks/migrate_many.py [--communities 200]
"""

import argparse
import time

from _setup import drop_database, machine_line, setup_django, write_section


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=200)
    count = parser.parse_args().communities
    database = setup_django("migrate_many")
    try:
        run(count)
    finally:
        drop_database(database)


def make_communities(count: int) -> float:
    from django.db import transaction

    from sharepool.platform.communities import schema_pool
    from sharepool.platform.communities.models import Community, Domain, StreetOffice

    template = schema_pool.ensure_template_schema()
    office, _ = StreetOffice.objects.get_or_create(name="民治街道")
    started = time.perf_counter()
    for index in range(count):
        slug = f"bench-{index:04d}"
        with transaction.atomic():
            schema_pool.clone_schema(template, f"c_bench_{index:04d}")
            community = Community.objects.create(
                schema_name=f"c_bench_{index:04d}",
                slug=slug,
                name=slug,
                street_office=office,
                status="active",
            )
            Domain.objects.create(domain=f"{slug}.localhost", tenant=community, is_primary=True)
    return time.perf_counter() - started


def time_migrate(executor: str) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0, executor=executor)
    return time.perf_counter() - started


def run(count: int) -> None:
    from django.conf import settings

    created = make_communities(count)
    print(f"created {count} communities in {created:.1f} s")
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
        f"`python benchmarks/migrate_many.py --communities {count}` ({machine_line()}, {time.strftime('%Y-%m-%d')}): "
        f"a no-op `migrate_schemas --tenant` over {count} communities (made by cloning in {created:.0f} s).\n\n"
        f"| executor | {count} communities | per community | extrapolated to 2,000 |\n|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\nThe cost is per schema (Django loads the migration graph and reads each schema's `django_migrations`),\n"
        "so it grows linearly; a real migration adds its own DDL time per schema. The multiprocessing executor\n"
        "(`TENANT_MULTIPROCESSING_MAX_PROCESSES`) divides it by the cores given to it. See infra/SCALING.md.\n",
    )


if __name__ == "__main__":
    main()
