"""The one parser of client-sent ids (issue 11).

An id from a client is a positive integer that fits PostgreSQL's bigint. Anything else matches nothing:
beyond bigint the database would fail rather than answer "not found".
"""

from typing import Any

BIGINT_MAX = 2**63 - 1


def parse_id(value: Any) -> int | None:
    """The id as an int, or None when it cannot name a row."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number <= BIGINT_MAX else None


def local_id(value: Any) -> int:
    """The id as an int for a look-up in this schema; 0, which names no row, when it cannot name one."""
    return parse_id(value) or 0
