"""The one authentication backend: Django's ModelBackend, reading a community session's user with their
member in one statement (issue 12), or taking them as the session's own statement read them.

On a community host the user comes with their member and standing (user_rows.py). A page's session was
read joined to its user (sessions/store.py), and the authentication middleware hands that session to
get_user() for the length of Django's own check (sessions/middleware.py): the user it read is taken when
it is the user the session names, so a signed-in page sends no statement for its user. Everything else
(the session's hash, an inactive user) is Django's check as before. The platform's schema has no
members: there the read is ModelBackend's own.
"""

import functools
from contextvars import ContextVar

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django_tenants.utils import get_public_schema_name

from sharepool.core.schemas import current_schema_name
from sharepool.credentials.user_rows import member_joins, user_columns, user_from_row, user_table

# The session of the request whose user Django's auth.get_user() is finding, set only around that call
# (sessions/middleware.py). A contextvar, because Django calls get_user(user_id) without the request.
session_being_checked: ContextVar[object | None] = ContextVar("session_being_checked", default=None)


class SessionUserBackend(ModelBackend):
    def get_user(self, user_id):
        if current_schema_name() == get_public_schema_name():
            return super().get_user(user_id)
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        session = session_being_checked.get()
        read = getattr(session, "user_read_with_it", None)
        if read is not None and read.user_id == user_id:
            user = read.user
        else:
            with connection.cursor() as cursor:
                cursor.execute(_user_statement(), [user_id])
                row = cursor.fetchone()
            user = None if row is None else user_from_row(row)
        return user if user is not None and self.user_can_authenticate(user) else None


@functools.cache  # written once: a request whose session did not read its user sends it
def _user_statement() -> str:
    return f"SELECT {user_columns()} FROM {user_table()} u {member_joins()} WHERE u.id = %s"  # noqa: S608
