"""One idempotency mechanism for every operation that moves hours (LEDGER.md "Idempotency", issue 10).

Stripe's idempotency keys: the first call with a key stores the key with a fingerprint of (operation,
target, parameters) and the call's result, in the operation's own transaction. A later call with the
same key and the same fingerprint gets that result back and changes nothing, whatever the result was
(a replayed cancellation of a dispute answers with the cancelled exchange, not `wrong_state`). Any
other fingerprint, another exchange or other minutes, is refused with `idempotency_key_reused`.

The key is claimed before the operation takes any lock: a concurrent call with the same key waits on
the key's unique index until the first transaction ends, then reads its result, so every caller gets
the same answer and the hours move once. A call that fails rolls its claim back with everything else:
the key stays free for a corrected retry.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection
from django.utils.translation import gettext_lazy as _

from sharepool.core.text import check_text
from sharepool.tenants.ledger.errors import LedgerError, LedgerErrorCode
from sharepool.tenants.ledger.models import OperationKey

MAX_KEY_LENGTH: int = OperationKey._meta.get_field("key").max_length or 200
OPERATION_KEY = OperationKey._meta.db_table
T = TypeVar("T")
Result = dict[str, Any]  # what a replay needs to answer again, stored as JSON


@dataclass(frozen=True)
class Operation:
    """What a key is used for: the operation's name, what it acts on, and every parameter that matters."""

    name: str
    target: str
    parameters: dict[str, Any] = field(default_factory=dict)

    def fingerprint(self) -> str:
        document = json.dumps([self.name, self.target, self.parameters], sort_keys=True, default=str)
        return hashlib.sha256(document.encode()).hexdigest()


def check_idempotency_key(key: object) -> None:
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise LedgerError(
            LedgerErrorCode.IDEMPOTENCY_KEY_REQUIRED,
            _("Every movement of hours needs an idempotency key of 1 to 200 characters."),
            field="idempotencyKey",
        )
    check_text(key, field="idempotencyKey")


def reused_key() -> LedgerError:
    return LedgerError(
        LedgerErrorCode.IDEMPOTENCY_KEY_REUSED,
        _("This idempotency key was already used for a different operation."),
        field="idempotencyKey",
    )


def claim(key: str, operation: Operation) -> Result | None:
    """None if this call is the key's first; otherwise the first call's stored result."""
    fingerprint = operation.fingerprint()
    with connection.cursor() as cursor:
        # ON CONFLICT waits for an uncommitted claim of the same key, then does nothing if it committed.
        cursor.execute(
            f"INSERT INTO {OPERATION_KEY} (key, operation, fingerprint, created_at) "  # noqa: S608
            "VALUES (%s, %s, %s, now()) ON CONFLICT (key) DO NOTHING RETURNING id",
            [key, operation.name, fingerprint],
        )
        if cursor.fetchone():
            return None
        # A new statement: under READ COMMITTED it sees the claim that committed while we waited.
        cursor.execute(f"SELECT fingerprint, result FROM {OPERATION_KEY} WHERE key = %s", [key])  # noqa: S608
        stored_fingerprint, result = cursor.fetchone()
    if stored_fingerprint != fingerprint or result is None:
        # No result: the key was claimed earlier in this very transaction, by another operation.
        raise reused_key()
    stored: Result = json.loads(result) if isinstance(result, str) else result
    return stored


def run_once(
    key: str,
    operation: Operation,
    perform: Callable[[], T],
    *,
    result_of: Callable[[T], Result],
    replay: Callable[[Result], T],
) -> T:
    """Perform `operation` once per key, in the caller's transaction; a replay answers `replay(result)`."""
    assert connection.in_atomic_block, "run_once runs inside the operation's transaction"
    check_idempotency_key(key)
    stored = claim(key, operation)
    if stored is not None:
        return replay(stored)
    outcome = perform()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {OPERATION_KEY} SET result = %s::jsonb WHERE key = %s",  # noqa: S608
            [json.dumps(result_of(outcome)), key],
        )
    return outcome
