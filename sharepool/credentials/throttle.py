"""Login rate limits per account and per client address, counted from the attempts table (issue #3).

Counting rows in PostgreSQL keeps the limit shared by every web process without another service; the
window is short and the two indexes keep the count cheap.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def is_login_throttled(attempt_model, *, username: str, address: str | None) -> bool:
    failures = attempt_model.objects.filter(succeeded=False, at__gte=window_start())
    if failures.filter(username=username).count() >= settings.LOGIN_FAILURES_PER_ACCOUNT:
        return True
    if address and failures.filter(address=address).count() >= settings.LOGIN_FAILURES_PER_ADDRESS:
        return True
    return False
