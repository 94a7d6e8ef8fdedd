"""Deleting credentials nobody can use any more: ended tokens and old login attempts.

Without it both tables only grow: a community of 9,000 members signing in daily adds ~9,000 tokens and
~9,000 attempts a day, in each of thousands of schemas. The domains' `do_purge_...` functions delete
through `delete_in_batches`, with the cut-offs below.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet

# Every token check answers "unknown", "expired" and "revoked" alike (member_for_token, staff_for_token,
# organisation_for_token), so deleting an ended token never changes what a client is told. The 30 days are
# for people: when a member or an organisation asks why they were signed out, the row still shows when
# their token expired or was revoked.
TOKEN_RETENTION = timedelta(days=30)

# The limits only count attempts inside LOGIN_THROTTLE_WINDOW_SECONDS (15 minutes); a month more keeps
# the recent history of failures and their addresses for looking into an attack, and no longer.
LOGIN_ATTEMPT_RETENTION = timedelta(days=30)

# Each batch is its own short transaction: a first purge of years of rows neither holds millions of row
# locks until one commit nor writes one huge statement's worth of WAL at once.
PURGE_BATCH_SIZE = 1000


@dataclass(frozen=True)
class PurgedCredentials:
    tokens: int
    login_attempts: int


def ended_tokens(queryset: QuerySet, *, now: datetime) -> QuerySet:
    """Tokens that expired or were revoked more than TOKEN_RETENTION before `now`."""
    cutoff = now - TOKEN_RETENTION
    return queryset.filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))


def login_attempt_cutoff(*, now: datetime) -> datetime:
    """Attempts before this are deleted. Never inside the throttle window, even if the window is made
    longer than the retention: deleting an attempt the limits still count would lift a lock early."""
    window_start = now - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    return min(now - LOGIN_ATTEMPT_RETENTION, window_start)


def old_login_attempts(queryset: QuerySet, *, now: datetime) -> QuerySet:
    return queryset.filter(at__lt=login_attempt_cutoff(now=now))


def delete_in_batches(queryset: QuerySet, *, batch_size: int = PURGE_BATCH_SIZE) -> int:
    """Delete the rows of `queryset`, at most `batch_size` per statement and transaction. Returns how many.

    One `DELETE ... WHERE id IN (SELECT ... LIMIT n) RETURNING id` per batch: QuerySet.delete() would load
    every row first, because django-tenants listens to post_delete for every model; nothing listens for
    these rows, and no table refers to them (a foreign key to them would make this DELETE fail loudly,
    not skip its on_delete). The batches walk the primary key upwards, each starting after the last
    one's rows, so no statement scans again the dead rows of the batches before it (they stay in the
    table until vacuum). A run cut short has deleted only rows past retention; the next run deletes
    the rest.
    """
    meta = queryset.model._meta
    table, pk = connection.ops.quote_name(meta.db_table), connection.ops.quote_name(meta.pk.column)
    deleted = 0
    after_id = 0
    while True:
        batch = queryset.filter(pk__gt=after_id).order_by("pk").values("pk")[:batch_size]
        select_sql, params = batch.query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            # The subquery is the ORM's own SQL with its values bound; the names come from the model.
            sql = f"DELETE FROM {table} WHERE {pk} IN ({select_sql}) RETURNING {pk}"  # noqa: S608
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        deleted += len(ids)
        if len(ids) < batch_size:
            return deleted
        after_id = max(ids)


def purge_credentials(token_model, attempt_model, *, now: datetime, batch_size: int) -> PurgedCredentials:
    """Ended tokens and old attempts of one pair of models (staff or members), each deleted in batches."""
    return PurgedCredentials(
        tokens=delete_in_batches(ended_tokens(token_model.objects.all(), now=now), batch_size=batch_size),
        login_attempts=delete_in_batches(
            old_login_attempts(attempt_model.objects.all(), now=now), batch_size=batch_size
        ),
    )
