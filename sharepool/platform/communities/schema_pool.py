"""A pool of migrated, empty community schemas, so that onboarding is a rename (issue #2).

Four ways to make a community schema, timed side by side in benchmarks/onboarding.py:
- run every tenant migration into an empty schema: a fixed cost that grows with each migration added
  (2.2-2.6 s at 28 migrations);
- clone a migrated template with django-tenants' clone_schema(): its catalog queries grow with the number
  of schemas (benchmarks/RESULTS.md: 0.25 s with a handful of communities, 10 s with 120);
- copy a migrated template with plain SQL planned once per process (schema_copy.py): independent of both
  the migration count and the number of communities (issue 15);
- rename a schema made ahead of time: a few milliseconds. This is what onboarding does.

So one template per code version is made by migrating (`_template_<fingerprint>`), ready schemas are
copies of it made out of the request path, and an onboarding that finds the pool empty copies the
template inline. The pool lives in the catalog alone: ready schemas are named `_ready_*`, and each
schema's comment holds the fingerprint of the migrations it was built with, so a schema from older code
is never handed out and no table can drift from what exists. All DDL here is transactional in
PostgreSQL, so a failed onboarding leaves no schema behind.
"""

import hashlib
import secrets
from functools import lru_cache

from celery import shared_task
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import app_labels, quote_schema_name

from sharepool.core.schemas import tenant_connection
from sharepool.platform.communities.schema_copy import copy_schema

READY_PREFIX = "_ready_"
TEMPLATE_PREFIX = "_template_"


@lru_cache(maxsize=1)
def migration_fingerprint() -> str:
    """A hash of the latest migration of every tenant app: changes whenever a tenant migration is added."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    labels = set(app_labels(settings.TENANT_APPS))
    leaves = sorted(f"{app}.{name}" for app, name in loader.graph.leaf_nodes() if app in labels)
    return hashlib.sha256("\n".join(leaves).encode()).hexdigest()[:32]


def schema_fingerprint(schema_name: str) -> str | None:
    """The fingerprint in the schema's comment, or None when the schema does not exist."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace WHERE nspname = %s",
            [schema_name],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def mark_schema(schema_name: str, fingerprint: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON SCHEMA {quote_schema_name(schema_name)} IS %s", [fingerprint])


def unmark_schema(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON SCHEMA {quote_schema_name(schema_name)} IS NULL")


def ready_schemas(fingerprint: str | None = None) -> list[str]:
    sql = "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)"
    params = [READY_PREFIX]
    if fingerprint is not None:
        sql += " AND obj_description(oid, 'pg_namespace') = %s"
        params.append(fingerprint)
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY nspname", params)
        return [row[0] for row in cursor.fetchall()]


def old_template_schemas(fingerprint: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) AND nspname <> %s",
            [TEMPLATE_PREFIX, template_schema_name(fingerprint)],
        )
        return [row[0] for row in cursor.fetchall()]


def create_schema_by_migrating(schema_name: str) -> None:
    """The slow way: an empty schema and every tenant migration run into it."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {quote_schema_name(schema_name)}")
    call_command("migrate_schemas", tenant=True, schema_name=schema_name, interactive=False, verbosity=0)
    tenant_connection().set_schema_to_public()


def drop_schema(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {quote_schema_name(schema_name)} CASCADE")


def rename_schema(old: str, new: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER SCHEMA {quote_schema_name(old)} RENAME TO {quote_schema_name(new)}")


def new_ready_schema_name() -> str:
    return f"{READY_PREFIX}{secrets.token_hex(6)}"


def template_schema_name(fingerprint: str) -> str:
    return f"{TEMPLATE_PREFIX}{fingerprint[:16]}"


def ensure_template_schema() -> str:
    """The migrated template of this code version, made once by migrating, and its name."""
    fingerprint = migration_fingerprint()
    name = template_schema_name(fingerprint)
    if schema_fingerprint(name) == fingerprint:
        return name
    with transaction.atomic():
        # Concurrent callers wait here for the one that migrates, then find its template.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
        if schema_fingerprint(name) != fingerprint:
            drop_schema(name)  # a template left half-made by older code of the same name
            create_schema_by_migrating(name)
            mark_schema(name, fingerprint)
    return name


def create_schema_from_template(schema_name: str) -> None:
    """A new schema equal to a migrated one, in well under a second whatever the migration count."""
    copy_schema(ensure_template_schema(), schema_name)


def create_ready_schema() -> str:
    name = new_ready_schema_name()
    with transaction.atomic():
        create_schema_from_template(name)
        mark_schema(name, migration_fingerprint())
    return name


def take_ready_schema() -> str:
    """Take one up-to-date ready schema out of the pool (or migrate one) and return its name.

    Runs inside the caller's transaction: if the caller rolls back, the schema is back in the pool.
    A transaction-scoped advisory lock per schema lets concurrent onboardings take different schemas.
    """
    assert connection.in_atomic_block, "take_ready_schema() must run inside the onboarding transaction"
    with connection.cursor() as cursor:
        for name in ready_schemas(migration_fingerprint()):
            cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [name])
            if cursor.fetchone()[0] and schema_fingerprint(name) is not None:
                unmark_schema(name)
                return name
    # The pool is empty: copy the template now, inside this transaction.
    name = new_ready_schema_name()
    create_schema_from_template(name)
    return name


def refill_schema_pool(size: int | None = None) -> int:
    """Drop ready schemas and templates of older code and make new ones up to `size`. Returns how many were made."""
    size = settings.SCHEMA_POOL_SIZE if size is None else size
    current = migration_fingerprint()
    for name in ready_schemas():
        if schema_fingerprint(name) != current:
            drop_schema(name)
    for name in old_template_schemas(current):
        drop_schema(name)
    made = 0
    while len(ready_schemas(current)) < size:
        create_ready_schema()
        made += 1
    return made


@shared_task(name="communities.refill_schema_pool")
def refill_schema_pool_task() -> int:
    return refill_schema_pool()
