"""A community's user read from one row with their member and the member's standing (issue 12).

Every signed-in page on a community host needs the member as well as the user, and /me/ shows the
member's standing in the neighbourhood (an in-service party member's own tally). One row carries all
three, as select_related() would load them; the SQL is written once, not compiled by the ORM on each
request: select_related() was a sixth of a list page's CPU (benchmarks/pages.py). Two statements read
it: the authentication backend's, by the user's id, and the session store's, joined to the session's
row (sessions/store.py). The models are named by their relations rather than imported: credentials sit
below the tenant apps (the import contracts in pyproject.toml). The platform's schema has no members.
"""

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Model, OneToOneField, OneToOneRel

from sharepool.core.rows import column_list, instances_or_none_from_row


@functools.cache  # looked up once: every signed-in request reads them
def _models() -> tuple[type[Model], type[Model], type[Model]]:
    """The user, their member and the member's standing."""
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
def user_columns() -> str:
    """The select list of the user `u`, their member `m` and its standing `st`, in user_from_row's order."""
    user, member, standing = _models()
    return f"{column_list(user, 'u')}, {column_list(member, 'm')}, {column_list(standing, 'st')}"


@functools.cache
def user_table() -> str:
    return connection.ops.quote_name(_models()[0]._meta.db_table)


@functools.cache
def member_joins() -> str:
    """The joins from the user `u` to their member `m` and its standing `st`; either may be missing."""
    _user, member, standing = _models()
    member_table, standing_table = (connection.ops.quote_name(m._meta.db_table) for m in (member, standing))
    return (
        f"LEFT JOIN {member_table} m ON m.user_id = u.id LEFT JOIN {standing_table} st ON st.member_id = m.id"
    )


def user_from_row(row: tuple[Any, ...]) -> Model | None:
    """The user of user_columns() with `user.member` and `member.standing` already read, as select_related()
    leaves them: a missing member or standing raises DoesNotExist on access, without a query. None when the
    row has no user (a LEFT JOIN to a user who no longer exists)."""
    user_model, member_model, standing_model = models = _models()
    user, member, standing = instances_or_none_from_row(row, *models)
    if user is None:
        return None
    _relation(user_model, "member").set_cached_value(user, member)
    if member is not None:
        _relation(member_model, "user").set_cached_value(member, user)
        _relation(member_model, "standing").set_cached_value(member, standing)
        if standing is not None:
            _relation(standing_model, "member").set_cached_value(standing, member)
    return user
