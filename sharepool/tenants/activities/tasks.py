"""Activities' periodic work, queued by beat in every active community (sharepool/platform/schedule.py)."""

from celery import shared_task
from django.utils import timezone

from sharepool.tenants.activities.reminders import do_remind_upcoming_activities


# The name predates the move of reminders out of notifications (issue 11): beat and queued messages use it.
@shared_task(name="notifications.remind_upcoming_activities")
def remind_upcoming_activities_task() -> int:
    return do_remind_upcoming_activities(now=timezone.now())
