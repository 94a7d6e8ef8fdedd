"""Copying a migrated template schema with plain SQL (issue 15).

Migrating a new community schema costs a fixed time per migration (2.2-2.6 s at 28 migrations), and
django-tenants' clone_schema() reads the whole catalog, so it slows down as communities are added
(benchmarks/RESULTS.md). Here the template is read once per process: its tables, constraints, indexes,
triggers and the few rows its migrations wrote become a list of statements, cached, that make a copy
in one round trip. The statements name the template's objects by their own names, so a later
migration that drops an index or constraint by name works on copies as on migrated schemas
(tests/platform/communities/test_schema_copy.py compares the two).
"""

from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django_tenants.utils import quote_schema_name

# Where the copy's name goes in a planned statement. The template's name, `_template_<hex>`, needs no
# quoting and appears in the catalog's definitions only as a qualifier, so swapping it for this is exact.
TARGET = "__sharepool_copy_target__."


@dataclass(frozen=True)
class CopyPlan:
    """The statements that build a copy, with the template's name where the copy's goes."""

    template: str
    statements: tuple[str, ...]

    def sql_for(self, schema_name: str) -> str:
        target = f"{quote_schema_name(schema_name)}."
        statements = [f"CREATE SCHEMA {quote_schema_name(schema_name)}"]
        statements += [statement.replace(TARGET, target) for statement in self.statements]
        return ";\n".join(statements) + ";"


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _target(table: str) -> str:
    return f"{TARGET}{connection.ops.quote_name(table)}"


def _source(template: str, table: str) -> str:
    return f"{quote_schema_name(template)}.{connection.ops.quote_name(table)}"


def _retarget(definition: str, template: str) -> str:
    return definition.replace(f"{template}.", TARGET)


@lru_cache(maxsize=4)
def copy_plan(template: str) -> CopyPlan:
    """Read the template's catalog once and write down how to copy it."""
    # Definitions name a table with its schema when that schema is not on the search path, which the
    # template never is: every reference to the template's tables comes out qualified.
    namespace = [template]
    tables = [
        name
        for (name,) in _rows(
            "SELECT relname FROM pg_class WHERE relnamespace = to_regnamespace(%s) AND relkind = 'r' "
            "ORDER BY relname",
            namespace,
        )
    ]
    constraints = _rows(
        # CHECK constraints come with the table (LIKE copies their expression as stored). Primary keys and
        # unique constraints before foreign keys, which need them on the referenced side.
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE connamespace = to_regnamespace(%s) AND contype IN ('p', 'u', 'x', 'f') "
        "ORDER BY contype = 'f', conrelid::regclass::text, conname",
        namespace,
    )
    indexes = _rows(
        # Indexes that no constraint owns (those come with their constraint).
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relnamespace = to_regnamespace(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
        namespace,
    )
    triggers = _rows(
        "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE c.relnamespace = to_regnamespace(%s) AND NOT t.tgisinternal ORDER BY t.tgname",
        namespace,
    )
    identities = _rows(
        "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "WHERE c.relnamespace = to_regnamespace(%s) AND a.attidentity <> '' AND NOT a.attisdropped",
        namespace,
    )
    filled = [table for table in tables if _has_rows(template, table)]

    statements = [
        f"CREATE TABLE {_target(table)} (LIKE {_source(template, table)} INCLUDING DEFAULTS "
        "INCLUDING CONSTRAINTS INCLUDING IDENTITY INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS)"
        for table in tables
    ]
    statements += [
        f"INSERT INTO {_target(table)} SELECT * FROM {_source(template, table)}"  # noqa: S608 (catalog names)
        for table in filled
    ]
    statements += [
        _retarget(
            f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}", template
        )
        for table, name, definition in constraints
    ]
    statements += [_retarget(definition, template) for (definition,) in indexes + triggers]
    statements += [_setval(table, column) for table, column in identities if table in filled]
    return CopyPlan(template=template, statements=tuple(statements))


def _setval(table: str, column: str) -> str:
    # Rows copied with their ids: the copy's identity sequence continues after them.
    sequence = f"pg_get_serial_sequence('{_target(table)}', '{column}')"
    quoted = connection.ops.quote_name(column)
    return f"SELECT setval({sequence}, max({quoted})) FROM {_target(table)} HAVING count(*) > 0"  # noqa: S608


def _has_rows(template: str, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_source(template, table)})")  # noqa: S608
        return cursor.fetchone()[0]


def copy_schema(template: str, schema_name: str) -> None:
    """Make `schema_name` a copy of the migrated `template`: same tables, keys, indexes, triggers and rows."""
    sql = copy_plan(template).sql_for(schema_name)
    with connection.cursor() as cursor:
        cursor.execute(sql)
