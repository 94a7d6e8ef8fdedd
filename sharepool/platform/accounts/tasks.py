"""Platform accounts' periodic work, in the public schema (sharepool/platform/schedule.py)."""

from dataclasses import asdict

from celery import shared_task
from django.utils import timezone

from sharepool.platform.accounts.services import do_purge_staff_credentials


@shared_task(name="accounts.purge_staff_credentials")
def purge_staff_credentials_task() -> dict[str, int]:
    # Safe to run twice: a second run finds nothing past retention left to delete.
    return asdict(do_purge_staff_credentials(now=timezone.now()))
