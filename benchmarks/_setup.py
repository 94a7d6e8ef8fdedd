"""Shared start-up for benchmark scripts: a throw-away database, Django set up on it.

Benchmarks never touch the development database: each run creates `sharepool_bench_<name>` on the server
named by DATABASE_URL (or the embedded one) and drops it at the end.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


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


def write_section(title: str, body: str) -> None:
    """Replace (or add) the section `## title` of benchmarks/RESULTS.md, leaving the others as they are."""
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
