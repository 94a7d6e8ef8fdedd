"""Queueing tasks: through an outbox, after the commit, in the schema of the code that asked (issues #6, #10).

`queue_on_commit` writes an `OutboxTask` row in the caller's transaction and relays it to the broker when
that transaction commits. So a committed change always has its task recorded, and a rolled-back one
never has: the write and the request for work are one atomic fact. When the broker is down at commit
time the row stays and the caller is not told anything went wrong, because nothing did: the change is
committed (issue #10: `confirmExchange` answered `internal_error` after committing, `onboardCommunity`
hid the admin's password of a community it had made). `relay_outbox` sends what is left, every minute
from beat and from `manage.py relay_outbox`.

Neither lost nor doubled: a row is sent under its row lock and deleted in the same transaction, so two
relays never send it both. If the process dies between the broker accepting it and the delete
committing, the row is sent again later with the same task id (`outbox-<id>`); every task is
idempotent by the rows it works on (a notification delivered once, an onboarding finished once), so a
repeat changes nothing.

How each kind of task comes back when a worker dies (acks_late + reject_on_worker_lost redeliver at
once when only the pool process dies; the broker's visibility timeout, settings.py, when the whole
worker does):
- notifications.deliver: also `deliver-pending-notifications` (beat, every 10 minutes);
- communities.finish_onboarding: also `sweep-provisioning-communities` (beat);
- communities.refill_schema_pool and every beat task: the next beat run.

tenant-schemas-celery reads the schema from the connection when a message is sent; a relay runs in
whatever schema, so the schema captured when the task was asked for is sent explicitly.
"""

import logging
from typing import Any

from celery import Task, current_app
from django.db import transaction

from sharepool.core.models import OutboxTask
from sharepool.core.schemas import current_schema_name

logger = logging.getLogger(__name__)


def schema_headers(schema_name: str) -> dict[str, str]:
    return {"_schema_name": schema_name}


def queue_in_schema(
    task: Task[Any, Any], schema_name: str, *, task_id: str | None = None, **kwargs: Any
) -> None:
    """Send now (the broker must answer); for code already running as a task, such as beat's fan-out."""
    task.apply_async(kwargs=kwargs, headers=schema_headers(schema_name), task_id=task_id)


def queue_on_commit(task: Task[Any, Any], **kwargs: Any) -> None:
    """Ask for `task(**kwargs)` in the current schema once the caller's transaction commits."""
    row = OutboxTask.objects.create(task_name=task.name, schema_name=current_schema_name(), kwargs=kwargs)
    transaction.on_commit(lambda: relay(row.id))


def relay(row_id: int) -> bool:
    """Hand one outbox row to the broker; True once it is sent (or was already). Never raises."""
    if current_app.conf.task_always_eager:
        # No broker (development, the CLI on the embedded defaults): the task runs here and now. The
        # caller's change is committed whatever the task does, so a failure is logged (and reported to
        # Sentry), never raised into the caller (issue #10: five concurrent `onboard_community` calls
        # exited 1 after creating their communities, on a failed refill of the schema pool). The row
        # stays for `relay_outbox` to try again.
        row = OutboxTask.objects.filter(id=row_id).first()
        if row is None:
            return True
        try:
            queue_in_schema(current_app.tasks[row.task_name], row.schema_name, **row.kwargs)
        except Exception:
            logger.exception(
                "task %s failed after its transaction committed; kept in the outbox", row.task_name
            )
            return False
        OutboxTask.objects.filter(id=row_id).delete()
        return True
    try:
        with transaction.atomic():
            # Locked rows are being sent by another relay at this moment.
            row = OutboxTask.objects.select_for_update(skip_locked=True).filter(id=row_id).first()
            if row is None:
                return True
            try:
                queue_in_schema(
                    current_app.tasks[row.task_name],
                    row.schema_name,
                    task_id=f"outbox-{row.id}",
                    **row.kwargs,
                )
            except (
                Exception
            ) as error:  # the broker's errors are many (kombu, redis, socket); all mean "later"
                logger.warning("broker unreachable: task %s kept in the outbox (%s)", row.task_name, error)
                OutboxTask.objects.filter(id=row.id).update(
                    attempts=row.attempts + 1, last_error=str(error)[:500]
                )
                return False
            row.delete()
            return True
    except Exception:
        # The database itself failed after the caller's commit: the row is still there for the sweeper.
        logger.exception("outbox relay failed; the sweeper will send the task")
        return False


def relay_outbox(*, limit: int = 1000) -> tuple[int, int]:
    """Send the oldest waiting rows, stopping at the first the broker refuses; returns (sent, still waiting)."""
    sent = 0
    for row_id in OutboxTask.objects.order_by("id").values_list("id", flat=True)[:limit]:
        if not relay(row_id):
            break
        sent += 1
    return sent, OutboxTask.objects.count()


def waiting(task: Task[Any, Any], **kwargs: Any) -> bool:
    """Whether a task asked for with these arguments still waits in the outbox."""
    filters = {f"kwargs__{key}": value for key, value in kwargs.items()}
    return OutboxTask.objects.filter(task_name=task.name, **filters).exists()
