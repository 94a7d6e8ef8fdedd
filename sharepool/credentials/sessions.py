"""Django's database sessions, read with one statement written once (issue 12).

Every signed-in page reads its session before anything else. Django's store compiles an ORM query for
it on each request, which was a tenth of a list page's CPU (benchmarks/pages.py); the statement here
asks the same question of the same table (this schema's `django_session`, see hosts.py). Saving,
cycling and deleting stay Django's.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connection
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def load(self):
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608
                [self.session_key, timezone.now()],
            )
            row = cursor.fetchone()
        if row is None:
            # As Django's store: an unknown or expired key is forgotten, and a new one is made on save.
            self._session_key = None
            return {}
        return self.decode(row[0])
