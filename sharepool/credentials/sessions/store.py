"""The session store (settings.SESSION_ENGINE): Django's database store on our session model, whose
load reads the session with its user in one plain statement.

Every signed-in page reads its session before anything else, then its user. Django's store compiles an
ORM query for the first on each request (a tenth of a list page's CPU, benchmarks/pages.py) and the
backend sends a second statement for the user. Here, on a community host, one statement written once
reads the session's row joined to its user, their member and standing (user_rows.py); the backend takes
that user when it is the one the session's data names (backends.py). The platform's schema has no
members: there the statement reads the session alone. Saving, cycling and deleting stay Django's.
"""

import functools
from dataclasses import dataclass

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from sharepool.core.schemas import current_schema_name
from sharepool.credentials.sessions.models import Session
from sharepool.credentials.user_rows import member_joins, user_columns, user_from_row, user_table


@dataclass(frozen=True)
class UserReadWithSession:
    user_id: int  # the session row's own user id
    user: Model | None  # None: no such user any more


class SessionStore(DatabaseSessionStore):
    user_read_with_it: UserReadWithSession | None = None

    @classmethod
    def get_model_class(cls):
        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = user_id_of(data)
        return session

    def load(self):
        with_user = current_schema_name() != get_public_schema_name()
        with connection.cursor() as cursor:
            cursor.execute(_load_statement(with_user), [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            # As Django's store: an unknown or expired key is forgotten, and a new one is made on save.
            self._session_key = None
            return {}
        if with_user and row[1] is not None:
            self.user_read_with_it = UserReadWithSession(row[1], user_from_row(row[2:]))
        return self.decode(row[0])


@functools.cache  # written once: every request with a session cookie sends it
def _load_statement(with_user: bool) -> str:
    """The session's row by key, unexpired, and with its user on a community host (user_rows.py)."""
    table = connection.ops.quote_name(Session._meta.db_table)
    find = "WHERE sess.session_key = %s AND sess.expire_date > %s"
    if not with_user:
        return f"SELECT sess.session_data FROM {table} sess {find}"  # noqa: S608
    return (
        f"SELECT sess.session_data, sess.user_id, {user_columns()} FROM {table} sess "  # noqa: S608
        f"LEFT JOIN {user_table()} u ON u.id = sess.user_id {member_joins()} {find}"
    )


def user_id_of(data: dict) -> int | None:
    """The signed-in user's id in a session's data (Django's auth keeps it as a string), or None."""
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None
