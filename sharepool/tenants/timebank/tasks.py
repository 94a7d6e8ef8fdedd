"""The time bank's periodic work, queued by beat in every active community (sharepool/platform/schedule.py)."""

from celery import shared_task
from django.utils import timezone

from sharepool.tenants.timebank.reminders import do_remind_unconfirmed_exchanges
from sharepool.tenants.timebank.services import do_auto_confirm_exchanges, do_expire_listings


@shared_task(name="timebank.auto_confirm_exchanges")
def auto_confirm_exchanges_task() -> dict[str, int]:
    # Moves hours: each exchange posts under the key `auto-confirm:exchange:<id>`, so a redelivered task
    # (a worker killed mid-run) confirms nothing twice.
    return do_auto_confirm_exchanges(now=timezone.now())


@shared_task(name="timebank.expire_listings")
def expire_listings_task() -> int:
    return do_expire_listings(now=timezone.now())


# The name predates the move of reminders out of notifications (issue 11): beat and queued messages use it.
@shared_task(name="notifications.remind_unconfirmed_exchanges")
def remind_unconfirmed_exchanges_task() -> int:
    return do_remind_unconfirmed_exchanges(now=timezone.now())
