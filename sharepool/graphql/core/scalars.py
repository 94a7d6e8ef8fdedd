"""`DateTime` sent in the time zone of the community that answers (issue 10).

The database keeps instants (UTC); residents read clock times. A community's endpoint sends each time
with its own offset (`2026-12-05T16:30:00+08:00` in Beizhan), so a client that shows the clock time
shows what the residents expect without knowing the zone. The platform endpoint spans communities and
keeps sending UTC. Inputs are taken with whatever offset they carry.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, tzinfo

import graphene

_output_zone: ContextVar[tzinfo | None] = ContextVar("graphql_output_zone", default=None)


@contextmanager
def times_in(zone: tzinfo | None) -> Iterator[None]:
    """Serialise every `DateTime` of the operations run inside in `zone` (None: as stored)."""
    token = _output_zone.set(zone)
    try:
        yield
    finally:
        _output_zone.reset(token)


class DateTime(graphene.DateTime):
    """An ISO 8601 date and time with its offset: on a community's endpoint, the community's own."""

    class Meta:
        name = "DateTime"

    @staticmethod
    def serialize(dt):
        zone = _output_zone.get()
        if zone is not None and isinstance(dt, datetime) and dt.tzinfo is not None:
            try:
                dt = dt.astimezone(zone)
            except OverflowError:  # a time at the edge of year 1 or 9999 goes out as stored
                pass
        return graphene.DateTime.serialize(dt)
