"""Login rate limits per account and per client address (issues #3 and 10), shared by the API and the pages.

An attempt is counted and recorded in one step: under a PostgreSQL advisory lock on the account and on
the address, the failures inside the window are counted and, when below both limits, the attempt is
written as a failure before the password is checked; it becomes a success only when the password was
right. Checking first and writing afterwards let concurrent attempts all see the same count (12
concurrent wrong passwords were evaluated 9 times against a limit of 5). The locks are held for the
count and the insert only, not for the slow password hash.

Per-account attempts live in the account's own schema (`attempt_model`); per-address attempts in the
public table AddressLoginAttempt, so the address limit counts across every community and the platform.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from sharepool.core.schemas import current_schema_name
from sharepool.credentials.base_models import LoginAttempt
from sharepool.credentials.models import AddressLoginAttempt


@dataclass(frozen=True)
class LoginAttemptRecord:
    """The rows of one attempt that is under way: failed until `settle_login_attempt` says otherwise."""

    attempt_model: type[LoginAttempt]  # the side's own: members' or staff's
    attempt_id: int
    address_attempt_id: int | None


def window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def _lock(kind: str, key: str) -> None:
    # Advisory locks are database-wide: the key names the schema, so accounts of two communities that
    # share a username are locked apart. Released when the transaction ends.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"login:{kind}:{key}"])


def _account_failures(attempt_model, username: str, since) -> int:
    return attempt_model.objects.filter(succeeded=False, at__gte=since, username=username).count()


def _address_failures(address: str, since) -> int:
    return AddressLoginAttempt.objects.filter(succeeded=False, at__gte=since, address=address).count()


def begin_login_attempt(attempt_model, *, username: str, address: str | None) -> LoginAttemptRecord | None:
    """Record an attempt as failed and return it, or None when the account or the address is locked.

    Always the account lock first, then the address lock: every caller takes them in that order, so two
    attempts never wait on each other in a cycle.
    """
    username = username[:150]
    schema_name = current_schema_name()
    with transaction.atomic():
        _lock("account", f"{schema_name}:{username}")
        if address:
            _lock("address", address)
        since = window_start()
        if _account_failures(attempt_model, username, since) >= settings.LOGIN_FAILURES_PER_ACCOUNT:
            return None
        if address and _address_failures(address, since) >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return None
        attempt = attempt_model.objects.create(username=username, address=address, succeeded=False)
        address_attempt = (
            AddressLoginAttempt.objects.create(address=address, schema_name=schema_name) if address else None
        )
    return LoginAttemptRecord(attempt_model, attempt.id, address_attempt.id if address_attempt else None)


def settle_login_attempt(record: LoginAttemptRecord) -> None:
    """The password was right: the attempt no longer counts against the limits."""
    # _default_manager: `objects` of the concrete model; the abstract LoginAttempt declares no manager.
    record.attempt_model._default_manager.filter(pk=record.attempt_id).update(succeeded=True)
    if record.address_attempt_id is not None:
        AddressLoginAttempt.objects.filter(id=record.address_attempt_id).update(succeeded=True)


def is_login_throttled(attempt_model, *, username: str, address: str | None) -> bool:
    """Whether an attempt now would be refused; for showing it (begin_login_attempt decides)."""
    since = window_start()
    if _account_failures(attempt_model, username[:150], since) >= settings.LOGIN_FAILURES_PER_ACCOUNT:
        return True
    return bool(address and _address_failures(address, since) >= settings.LOGIN_FAILURES_PER_ADDRESS)
