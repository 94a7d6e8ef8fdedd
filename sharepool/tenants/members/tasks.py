"""Membership's periodic work, queued by beat in every active community (sharepool/platform/schedule.py)."""

from dataclasses import asdict

from celery import shared_task
from django.utils import timezone

from sharepool.tenants.members.services import do_purge_member_credentials


@shared_task(name="members.purge_credentials")
def purge_credentials_task() -> dict[str, int]:
    # Safe to run twice: a second run finds nothing past retention left to delete.
    return asdict(do_purge_member_credentials(now=timezone.now()))
