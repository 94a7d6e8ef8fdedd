"""The one authentication backend: Django's ModelBackend, reading a community session's member with its
user (issue 12).

Every signed-in page on a community host needs the member as well as the user. With ModelBackend that
is two statements per request (the user, then `request.user.member`); here the user's row comes with
its member's in one, and the member's standing in the neighbourhood with it (a join, not a query: /me/
shows an in-service party member's own tally). The statement is written once, not compiled by the ORM on
each request: select_related() was a sixth of a list page's CPU (benchmarks/pages.py), as it had been
for bearer tokens (members/services.py, member_for_token). The platform's schema has no members, so
there the read is ModelBackend's own.
"""

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import Model, OneToOneField, OneToOneRel
from django_tenants.utils import get_public_schema_name

from sharepool.core.rows import column_list, instances_or_none_from_row
from sharepool.core.schemas import current_schema_name


class SessionUserBackend(ModelBackend):
    def get_user(self, user_id):
        if current_schema_name() == get_public_schema_name():
            return super().get_user(user_id)
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        with connection.cursor() as cursor:
            cursor.execute(_user_statement(), [user_id])
            row = cursor.fetchone()
        user = None if row is None else _user_with_member(row)
        return user if user is not None and self.user_can_authenticate(user) else None


@functools.cache  # looked up once: every signed-in request reads them
def _models() -> tuple[type[Model], type[Model], type[Model]]:
    """The user, their member and the member's standing, named by the relations rather than imported:
    credentials sit below the tenant apps (the import contracts in pyproject.toml)."""
    user_model = get_user_model()
    member_model = _related_model(user_model, "member")
    standing_model = _related_model(member_model, "standing")
    return user_model, member_model, standing_model


def _related_model(model: type[Model], name: str) -> type[Model]:
    related = _relation(model, name).related_model
    assert not isinstance(related, str), related  # resolved once the apps are loaded
    return related


def _relation(model: type[Model], name: str) -> OneToOneRel | OneToOneField:
    """A one-to-one relation of the model, from either side: both carry the cache select_related() fills."""
    relation = model._meta.get_field(name)
    assert isinstance(relation, OneToOneRel | OneToOneField), relation
    return relation


@functools.cache
def _user_statement() -> str:
    user, member, standing = _models()
    user_table, member_table, standing_table = (
        connection.ops.quote_name(model._meta.db_table) for model in (user, member, standing)
    )
    return (
        f"SELECT {column_list(user, 'u')}, {column_list(member, 'm')}, {column_list(standing, 's')} "  # noqa: S608
        f"FROM {user_table} u LEFT JOIN {member_table} m ON m.user_id = u.id "
        f"LEFT JOIN {standing_table} s ON s.member_id = m.id WHERE u.id = %s"
    )


def _user_with_member(row: tuple[Any, ...]) -> Model:
    """The user with `user.member` and `member.standing` already read, as select_related() leaves them:
    a missing member or standing raises DoesNotExist on access, without a query."""
    user_model, member_model, standing_model = models = _models()
    user, member, standing = instances_or_none_from_row(row, *models)
    assert user is not None  # the statement's WHERE names the user's own id
    _relation(user_model, "member").set_cached_value(user, member)
    if member is not None:
        _relation(member_model, "user").set_cached_value(member, user)
        _relation(member_model, "standing").set_cached_value(member, standing)
        if standing is not None:
            _relation(standing_model, "member").set_cached_value(standing, member)
    return user
