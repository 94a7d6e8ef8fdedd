"""Bounded retries of a whole transaction on serialization failure (40001) or deadlock (40P01).

LEDGER.md: such a failure is retried with backoff and never reported to the user as "insufficient
balance"; after the last attempt it becomes a typed `busy` error (`BusyError`).
"""

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection, transaction

from sharepool.core.errors import BusyError

MAX_ATTEMPTS = 5
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})
logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


def is_retryable(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES


def atomic_with_retries(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` in a transaction, retried as a whole when PostgreSQL asks for it.

    Nested in a caller's transaction, it is a plain savepoint: only the outermost transaction can be
    retried, so the retry belongs to whoever opened it.
    """

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if connection.in_atomic_block:
            with transaction.atomic():
                return function(*args, **kwargs)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    return function(*args, **kwargs)
            except OperationalError as error:
                if not is_retryable(error):
                    raise
                # Counted by the deadlock regression test and visible in production logs.
                logger.warning(
                    "ledger transaction retried: sqlstate %s, attempt %d",
                    getattr(error.__cause__, "sqlstate", None),
                    attempt,
                )
                if attempt == MAX_ATTEMPTS:
                    raise BusyError() from error
                time.sleep(random.uniform(0, 0.005 * 2**attempt))
        raise AssertionError("unreachable")

    return wrapper
