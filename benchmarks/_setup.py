"""Shared start-up for benchmark scripts: a throw-away database, Django set up on it, honest results.

Benchmarks never touch the development database: each run creates `sharepool_bench_<name>` on the server
named by DATABASE_URL (or the embedded one) and drops it at the end.

Every section written to RESULTS.md says the commit, the date, the machine and the load average when the
script started and when it wrote (issue 15). A run that started on a busy machine is printed, marked, and
not written unless BENCH_FORCE=1: its figures would mislead.
"""

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
# Above this 1-minute load average per core, the machine is doing other work.
BUSY_LOAD_PER_CORE = 0.5
LOAD_AT_START = os.getloadavg()[0]


def machine_was_busy() -> bool:
    return LOAD_AT_START > BUSY_LOAD_PER_CORE * (os.cpu_count() or 1)


def setup_django(name: str) -> str:
    """Point Django at a fresh benchmark database and run the public migrations. Returns the database name."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharepool.platform.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.conf import settings

    database = f"sharepool_bench_{name}"
    settings.DATABASES["default"]["NAME"] = "postgres"
    django.setup()
    from django.db import connection

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{database}"')
    connection.close()
    settings.DATABASES["default"]["NAME"] = database
    connection.settings_dict["NAME"] = database
    from django.core.management import call_command

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    return database


def drop_database(database: str) -> None:
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = "postgres"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    connection.close()


def machine_line() -> str:
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{cpu} cores, Python {sys.version.split()[0]}"


def run_stamp() -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Run of commit {commit}, {when}, {machine_line()}; load average {LOAD_AT_START:.2f} at the start, "
        f"{os.getloadavg()[0]:.2f} at the end."
    )


def write_section(title: str, body: str) -> None:
    """Replace (or add) the section `## title` of benchmarks/RESULTS.md, leaving the others as they are."""
    body = f"{run_stamp()}\n\n{body.strip()}"
    if machine_was_busy():
        body = "**Taken on a busy machine: not figures to publish.**\n\n" + body
        print(body)
        if os.environ.get("BENCH_FORCE") != "1":
            print(
                "\nThe machine was busy when the run started: RESULTS.md is left as it was (BENCH_FORCE=1 writes)."
            )
            return
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    marker = f"## {title}\n"
    section = marker + body.rstrip() + "\n"
    if marker in text:
        start = text.index(marker)
        end = text.find("\n## ", start + len(marker))
        text = text[:start] + section + ("\n" + text[end + 1 :] if end != -1 else "")
    else:
        text = text.rstrip() + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


def clone_from_template(target: str) -> None:
    """django-tenants' clone_schema() of a migrated `_template` schema (made on first use): the way
    Sharepool does NOT fill its pool, kept here to measure against."""
    from django.db import connection
    from django_tenants.clone import CloneSchema

    from sharepool.platform.communities import schema_pool

    if schema_pool.schema_fingerprint("_template") is None:
        schema_pool.create_schema_by_migrating("_template")
    CloneSchema().clone_schema("_template", target, "DATA")
    connection.set_schema_to_public()
