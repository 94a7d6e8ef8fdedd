"""Queueing tasks: after the commit, in the schema of the code that asked (issue #6).

tenant-schemas-celery reads the schema from the connection when the message is sent. An on-commit
callback runs when the outermost transaction commits, and by then the caller may have left the
community's schema (onboarding switches in and out inside one transaction), so the schema is captured
when the task is asked for and sent explicitly. A rolled-back transaction never runs the callback, so it
queues nothing.
"""

from typing import Any

from celery import Task
from django.db import connection, transaction


def schema_headers(schema_name: str) -> dict[str, str]:
    return {"_schema_name": schema_name}


def queue_in_schema(task: Task[Any, Any], schema_name: str, **kwargs: Any) -> None:
    task.apply_async(kwargs=kwargs, headers=schema_headers(schema_name))


def queue_on_commit(task: Task[Any, Any], **kwargs: Any) -> None:
    schema_name: str = connection.schema_name  # type: ignore[attr-defined]  # django-tenants' attribute
    transaction.on_commit(lambda: queue_in_schema(task, schema_name, **kwargs))
