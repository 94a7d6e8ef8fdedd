"""The council's event log is append-only in the database too (issue 13): a raw UPDATE or DELETE is
refused by a trigger, whatever code runs it, and the log stays as it was."""

import pytest
from django.db import DatabaseError, connection, transaction

from sharepool.tenants.council.models import CouncilEvent
from tests.tenants.council.procedure import assemble, seconded_motion


def event_log() -> list[tuple]:
    return list(
        CouncilEvent.objects.order_by("id").values_list("id", "kind", "from_state", "to_state", "counts")
    )


@pytest.mark.parametrize(
    "statement", ["UPDATE {table} SET to_state = 'adopted'", "DELETE FROM {table} WHERE kind = 'seconded'"]
)
def test_the_database_refuses_to_change_or_delete_a_council_event(world, statement):
    # given: a council with a seconded motion, its events written
    seconded_motion(assemble(world))
    before = event_log()
    assert [kind for _, kind, *_ in before].count("seconded") == 1

    # when / then
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement.format(table=CouncilEvent._meta.db_table))
    assert event_log() == before
    assert world.minle_untouched()
