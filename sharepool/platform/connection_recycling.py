"""Close a web connection once it has served CONN_MAX_COMMUNITIES different communities (issue 15).

A PostgreSQL backend caches the catalog entries of every table it touches and never gives them back:
about 189 KiB per community here (benchmarks/migrate_many.py measures it), so a connection kept for a
minute (CONN_MAX_AGE) by a worker that serves many communities grows without bound. Counting the
communities a connection has served and closing it at the end of the request that reaches the limit
bounds each backend's memory; the next request opens a fresh one. infra/SCALING.md.
"""

from django.conf import settings
from django.core.signals import request_finished
from django.db import connection

from sharepool.core.schemas import tenant_connection

SEEN = "_sharepool_communities_seen"


def note_schema_served() -> None:
    """Record the schema the current connection served, and close the connection at the limit."""
    raw = connection.connection
    if raw is None:  # nothing was asked of the database
        return
    seen: tuple[object, set[str]] | None = getattr(connection, SEEN, None)  # (that connection, its schemas)
    if seen is None or seen[0] is not raw:  # a new connection since: start again
        seen = (raw, set())
        setattr(connection, SEEN, seen)
    seen[1].add(tenant_connection().schema_name)
    if len(seen[1]) >= settings.CONN_MAX_COMMUNITIES and not connection.in_atomic_block:
        connection.close()


def at_request_end(**_kwargs) -> None:
    note_schema_served()


def connect() -> None:
    request_finished.connect(at_request_end, dispatch_uid="sharepool.connection_recycling")
