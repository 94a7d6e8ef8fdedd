"""Instances read from plain statements (sharepool/core/rows.py), as the ORM would load them."""

from django.contrib.auth import get_user_model
from django.db import connection
from django_tenants.utils import schema_context

from sharepool.core.rows import column_list, instances_from_row, instances_or_none_from_row
from sharepool.tenants.members.models import Member
from tests.web.conftest import add_member

User = get_user_model()


def joined_row(schema_name: str, user_id: int) -> tuple:
    with schema_context(schema_name), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column_list(User, 'u')}, {column_list(Member, 'm')} FROM {User._meta.db_table} u "  # noqa: S608
            f"LEFT JOIN {Member._meta.db_table} m ON m.user_id = u.id WHERE u.id = %s",
            [user_id],
        )
        return cursor.fetchone()


def test_a_joined_row_gives_each_model_its_own_columns(beizhan, minle):
    member = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")

    user, read = instances_from_row(joined_row(beizhan.schema_name, member.user_id), User, Member)

    assert (user.pk, user.username) == (member.user_id, "zhaofang")
    assert (read.pk, read.display_name, read.user_id) == (member.id, "赵芳", member.user_id)
    assert not read._state.adding  # loaded, as from the ORM: saving updates rather than inserts


def test_a_left_join_that_found_nothing_gives_none(beizhan, minle):
    with schema_context(beizhan.schema_name):
        lone = User.objects.create_user(username="lone", password="a-long-password-2026")
    member = add_member(minle.schema_name, "zhaofang")

    user, read = instances_or_none_from_row(joined_row(beizhan.schema_name, lone.id), User, Member)
    _, found = instances_or_none_from_row(joined_row(minle.schema_name, member.user_id), User, Member)

    assert user is not None and user.username == "lone" and read is None
    assert found is not None and found.pk == member.id
