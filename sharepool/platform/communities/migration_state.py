"""Which community schemas already have every migration of the code, found in a few queries (issue 15).

A no-op `migrate_schemas` cost 140 ms per community: Django loads the migration graph and reads each
schema's `django_migrations` one schema at a time. Here the rows of many schemas are read in one
statement per batch and compared with the migrations on disk; only the schemas that differ are migrated.
A batch is bounded because each schema's table read takes a lock that lasts until the statement's end,
and PostgreSQL's lock table is shared by every session (max_locks_per_transaction).
"""

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

SCHEMAS_PER_QUERY = 200


def migrations_on_disk() -> frozenset[tuple[str, str]]:
    """(app label, migration name) of every migration the code has: a tenant schema records every app's
    migrations, the shared apps' as no-ops, so an up-to-date schema has all of them."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.disk_migrations)


def applied_migrations(schema_names: list[str]) -> dict[str, set[tuple[str, str]]]:
    """{schema: its applied (app, name)} for the given schemas, SCHEMAS_PER_QUERY schemas a statement."""
    applied: dict[str, set[tuple[str, str]]] = {name: set() for name in schema_names}
    for start in range(0, len(schema_names), SCHEMAS_PER_QUERY):
        batch = schema_names[start : start + SCHEMAS_PER_QUERY]
        query = sql.SQL(" UNION ALL ").join(
            sql.SQL("SELECT {}, app, name FROM {}.django_migrations").format(
                sql.Literal(name), sql.Identifier(name)
            )
            for name in batch
        )
        with connection.cursor() as cursor:
            cursor.execute(query.as_string(cursor.connection))
            for schema, app, name in cursor.fetchall():
                applied[schema].add((app, name))
    return applied


def schemas_needing_migrations(schema_names: list[str]) -> list[str]:
    """The schemas, in the order given, that lack a migration of the code (or have no migration table)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'django_migrations' AND table_schema = ANY(%s)",
            [schema_names],
        )
        with_table = {row[0] for row in cursor.fetchall()}
    expected = migrations_on_disk()
    applied = applied_migrations([name for name in schema_names if name in with_table])
    return [name for name in schema_names if name not in with_table or not expected <= applied[name]]
