"""A view and a task that fail with personal data in their messages, for these tests only."""

from celery import shared_task
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import path


def failing_view(request):
    raise RuntimeError(
        "could not call 13812345678 for resident 11010119900307123X, token Bearer abcdefgh12345678, key sk_live_abcdefgh123"
    )


urlpatterns = [path("failing/", failing_view)]


@shared_task(name="tests.monitoring.failing_task")
def failing_task(*, phone: str) -> None:
    raise RuntimeError(f"reminder to {phone} failed")


# Django's own PBKDF2 hasher with a fixed salt, so that the test knows the hash to look for.
PASSWORD_HASH_IN_SQL = PBKDF2PasswordHasher().encode("sql-param-pass", "fixedsalt0123456", iterations=1000)


def failing_sql_view(request):
    """A query that fails with a password hash among its parameters (issue #10)."""
    password_hash = PASSWORD_HASH_IN_SQL
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::integer", [password_hash])


urlpatterns.append(path("failing-sql/", failing_sql_view))
