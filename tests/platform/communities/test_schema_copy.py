"""A community schema copied from the template is the schema that migrating makes (issue 15).

The copy is planned from the catalog, so these tests compare the catalog: every table, column, default,
constraint, index and trigger by name and definition, the rows the migrations wrote, and where each
identity sequence goes next.
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import schema_context

from sharepool.platform.communities.schema_copy import copy_schema
from sharepool.platform.communities.schema_pool import (
    create_schema_by_migrating,
    ensure_template_schema,
    ready_schemas,
)
from sharepool.tenants.ledger.models import Transfer
from tests.conftest import make_community
from tests.tenants.cast import give, seed_cast


def rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def describe(schema: str) -> dict[str, list]:
    """What a schema is, with its own name taken out of every definition."""

    def neutral(values: list[tuple]) -> list[tuple]:
        return sorted(tuple(str(v).replace(f"{schema}.", "S.") for v in row) for row in values)

    params = [schema]
    return {
        "columns": neutral(
            rows(
                # The position among the columns that are left: a migrated table keeps dropped columns' slots.
                "SELECT table_name, column_name, "
                "row_number() OVER (PARTITION BY table_name ORDER BY ordinal_position), data_type, is_nullable, column_default, "
                "is_identity, identity_generation, is_generated FROM information_schema.columns "
                "WHERE table_schema = %s",
                params,
            )
        ),
        "constraints": neutral(
            rows(
                "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid), condeferrable, "
                "condeferred FROM pg_constraint WHERE connamespace = to_regnamespace(%s)",
                params,
            )
        ),
        "indexes": neutral(rows("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s", params)),
        "triggers": neutral(
            rows(
                "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relnamespace = to_regnamespace(%s) AND NOT t.tgisinternal",
                params,
            )
        ),
        "relations": neutral(
            rows("SELECT relname, relkind FROM pg_class WHERE relnamespace = to_regnamespace(%s)", params)
        ),
    }


def table_contents(schema: str) -> dict[str, list]:
    tables = [t for (t,) in rows("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])]
    contents = {}
    for table in tables:
        contents[table] = sorted(
            map(str, rows(f'SELECT * FROM "{schema}"."{table}"', []))  # noqa: S608
        )
    return contents


def next_ids(schema: str) -> dict[str, int]:
    """The id the next row of each table with rows gets."""
    found = {}
    identities = rows(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = %s AND is_identity = 'YES'",
        [schema],
    )
    for (table,) in identities:
        sequence = rows("SELECT pg_get_serial_sequence(%s, 'id')", [f'"{schema}"."{table}"'])[0][0]
        found[table] = rows(f"SELECT last_value, is_called FROM {sequence}", [])[0]  # noqa: S608
    return found


@pytest.mark.django_db
def test_a_copy_of_the_template_is_what_migrating_makes():
    # given
    template = ensure_template_schema()
    create_schema_by_migrating("copy_test_migrated")

    # when
    copy_schema(template, "copy_test_copied")

    # then
    assert describe("copy_test_copied") == describe("copy_test_migrated")
    copied = table_contents("copy_test_copied")
    assert copied == table_contents(template)
    # The rows the migrations wrote, less their timestamps, which differ by when each schema was made.
    assert {table: len(found) for table, found in copied.items()} == {
        table: len(found) for table, found in table_contents("copy_test_migrated").items()
    }
    assert next_ids("copy_test_copied") == next_ids("copy_test_migrated")
    assert describe("copy_test_copied")["triggers"], "the ledger's immutability trigger is copied"


@pytest.mark.django_db
def test_a_community_made_from_a_copy_keeps_the_ledger_immutable_and_its_rows_to_itself(minle):
    # given: no ready schema left, so onboarding copies the template inline
    for index in range(len(ready_schemas())):
        make_community(f"pool-{index}")
    assert ready_schemas() == []
    beizhan = make_community("beizhan", "北站社区")

    # when: a transfer is written, then someone tries to change it
    with schema_context(beizhan.schema_name):
        transfer = give(seed_cast().alice, 60)
        with pytest.raises(IntegrityError, match="ledger transfers are immutable"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("UPDATE ledger_transfer SET amount = 1 WHERE id = %s", [transfer.id])

    # then
    with schema_context(beizhan.schema_name):
        assert Transfer.objects.get(id=transfer.id).amount == 60
    with schema_context(minle.schema_name):
        assert Transfer.objects.count() == 0
