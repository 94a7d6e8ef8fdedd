"""A month of a large community's transfers exported, CSV and XLSX, against PostgreSQL's own COPY of the
same rows (issue 14).

Inserts 100,000 transfers into one community (in one statement: the ledger's services would take
minutes), then times the export as the staff page and the export task produce it (sharepool/core/
exports.py over tenants/stats/exports.py: rows read in chunks, written line by line) and records its
peak Python memory (tracemalloc), beside `COPY (SELECT ...) TO STDOUT WITH CSV` of the same columns.

    DATABASE_URL=postgres://... python benchmarks/exports.py [--rows 100000]
"""

import argparse
import io
import time
import tracemalloc

from _setup import drop_database, setup_django, write_section


def timed(produce) -> tuple[float, int, int]:
    """(seconds, bytes, peak bytes of Python memory) of consuming everything produce() yields: timed on a
    first pass, memory traced on a second (tracing slows Python several times over)."""
    started = time.perf_counter()
    size = sum(len(chunk) for chunk in produce())
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        for _chunk in produce():
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return elapsed, size, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    database = setup_django("exports")
    try:
        from django.db import connection
        from django.utils import timezone
        from django_tenants.utils import schema_context

        from sharepool.core.exports import csv_lines, xlsx_chunks
        from sharepool.platform.communities.services import onboard_community
        from sharepool.tenants.ledger.services import community_pool, member_account_id
        from sharepool.tenants.members.models import Member
        from sharepool.tenants.stats.exports import open_export

        onboarded = onboard_community(
            slug="beizhan", name="北站社区", street_office_name="民治街道", admin_password="bench-admin-2026"
        )
        with schema_context(onboarded.schema_name):
            admin = Member.objects.get(role=Member.Role.ADMIN)
            pool, account = community_pool().id, member_account_id(admin.id)
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO ledger_transfer (id, idempotency_key, debit_id, credit_id, amount, kind, memo, "
                    "created_at) SELECT gen_random_uuid(), 'bench-' || g, %s, %s, 1 + g %% 90, 'welcome', "
                    "'期初', now() FROM generate_series(1, %s) AS g",
                    [pool, account, rows],
                )
            today = timezone.localdate()

            def export_as(writer):
                export = open_export("transfers", today, today)
                return writer(export.header, export.rows())

            csv_time, csv_size, csv_peak = timed(lambda: export_as(csv_lines))
            xlsx_time, xlsx_size, xlsx_peak = timed(lambda: export_as(xlsx_chunks))
            buffer = io.BytesIO()
            started = time.perf_counter()
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(
                    "COPY (SELECT id, created_at, kind, debit_id, credit_id, amount, memo FROM ledger_transfer) "
                    "TO STDOUT WITH CSV HEADER"
                ) as copy,
            ):
                for data in copy:
                    buffer.write(data)
            copy_time = time.perf_counter() - started
    finally:
        drop_database(database)
    mib = 2**20
    table = [
        f"| CSV, as the page streams it | {csv_time:.1f} s | {rows / csv_time:,.0f} | {csv_size / mib:.1f} MiB | {csv_peak / mib:.1f} MiB |",
        f"| XLSX (openpyxl, write-only) | {xlsx_time:.1f} s | {rows / xlsx_time:,.0f} | {xlsx_size / mib:.1f} MiB | {xlsx_peak / mib:.1f} MiB |",
        f"| PostgreSQL COPY of the same columns (baseline) | {copy_time:.2f} s | {rows / copy_time:,.0f} | {buffer.tell() / mib:.1f} MiB | |",
    ]
    print("\n".join(table))
    write_section(
        "Exports (issue 14)",
        f"`python benchmarks/exports.py --rows {rows}`: {rows:,} transfers of one community, exported for the day "
        "they were made.\n\n| export | time | rows/s | file | peak Python memory |\n|---|---|---|---|---|\n"
        + "\n".join(table)
        + "\n\nRows are read 2,000 at a time and written line by line, so memory stays flat whatever the "
        "period (tests/web/staff/test_exports.py holds 100,000 transfers under 16 MiB). Exports over "
        "EXPORT_IN_BACKGROUND_ROWS (5,000) run as a task with a progress bar.\n",
    )


if __name__ == "__main__":
    main()
