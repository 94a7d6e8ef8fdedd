"""Importing Beizhan's register at its real size against a plain COPY of the same rows (issue 14).

Generates the register of `seed_demo --full` (sharepool/demo/register.py: 9,000 members, numbers from
401, whose balances total 62,000 hours), and times `import_members` (check every line, then members,
accounts and one opening transfer each, all in one transaction) against PostgreSQL's COPY of the same rows into a plain table, the
database's own limit for writing them. Then the same file again, which must change nothing.
Target: under 60 s.

    DATABASE_URL=postgres://... python benchmarks/import_members.py [--members 9000]
"""

import argparse
import time

from _setup import drop_database, setup_django, write_section


def time_import(text: str, schema_name: str) -> tuple[float, object]:
    from django_tenants.utils import schema_context

    from sharepool.tenants.members.models import Member
    from sharepool.tenants.neighbourhood.register_import import check_register, do_import_register, read_rows

    with schema_context(schema_name):
        admin = Member.objects.get(role=Member.Role.ADMIN)
        started = time.perf_counter()
        lines, problems = check_register(read_rows(text.encode(), "register.csv"))
        assert not problems, problems[:3]
        report = do_import_register(actor=admin, lines=lines)
        return time.perf_counter() - started, report


def time_copy(text: str) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE register_copy (member_number int, name text, phone text, building text, "
            "unit text, joined date, balance_hours numeric)"
        )
        started = time.perf_counter()
        with cursor.cursor.copy("COPY register_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            copy.write(text.encode())
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE register_copy")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=9000)
    members = parser.parse_args().members
    database = setup_django("import_members")
    try:
        from sharepool.demo.register import generated_register
        from sharepool.platform.communities.services import onboard_community
        from sharepool.tenants.ledger.verify import verify_ledgers

        onboarded = onboard_community(
            slug="beizhan", name="北站社区", street_office_name="民治街道", admin_password="bench-admin-2026"
        )
        text = generated_register(members)
        copy_seconds = time_copy(text)
        first, report = time_import(text, onboarded.schema_name)
        again, replay = time_import(text, onboarded.schema_name)
        checked, violations = verify_ledgers(onboarded.schema_name)
        assert checked and not violations, violations
        assert (replay.created, replay.unchanged) == (0, members), replay
    finally:
        drop_database(database)
    hours = report.minutes / 60
    print(
        f"import: {first:.1f} s for {report.created} members, {hours:,.0f} h; again: {again:.1f} s; COPY {copy_seconds:.3f} s"
    )
    write_section(
        "Importing a register (issue 14)",
        f"`python benchmarks/import_members.py --members {members}`: a generated register of {report.created:,} "
        f"members whose balances total {hours:,.0f} hours, in one CSV file.\n\n"
        "| what | time | target |\n|---|---|---|\n"
        f"| `import_members` (every line checked; members, accounts, one opening transfer each; one "
        f"transaction) | {first:.1f} s | < 60 s {'met' if first < 60 else 'MISSED'} |\n"
        f"| the same file again (nothing changes) | {again:.1f} s | |\n"
        f"| PostgreSQL COPY of the same rows into a plain table (baseline) | {copy_seconds:.3f} s | |\n\n"
        "The ledger's invariants hold afterwards (verify_ledger). The import writes four rows per member\n"
        "(user, member, account, transfer) through the ledger's batch posting, 1,000 members a statement,\n"
        "where COPY writes one row per member with no check: the gap is the price of a register that\n"
        "stays a ledger.\n",
    )


if __name__ == "__main__":
    main()
