"""Reminders of activities (issue #6), run by beat in every active community; each is sent once, by its key.

An activity starting within a day: every confirmed sign-up is reminded of the time and place.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharepool.tenants.activities.models import Activity, SignUp
from sharepool.tenants.notifications.models import Kind
from sharepool.tenants.notifications.services import notify_once

ACTIVITY_REMINDER_AHEAD = timedelta(hours=24)


def do_remind_upcoming_activities(*, now: datetime) -> int:
    sign_ups = SignUp.objects.filter(
        status=SignUp.Status.CONFIRMED,
        activity__status=Activity.Status.OPEN,
        activity__starts_at__gt=now,
        activity__starts_at__lte=now + ACTIVITY_REMINDER_AHEAD,
    ).select_related("activity")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for sign_up in sign_ups.order_by("id").iterator():
            activity = sign_up.activity
            body = _("Reminder: %(title)s at %(time)s, %(place)s.") % {
                "title": activity.title,
                "time": timezone.localtime(activity.starts_at).strftime("%m-%d %H:%M"),
                "place": activity.place,
            }
            sent += notify_once(
                key=f"remind:activity:{activity.id}:{sign_up.member_id}",
                member_id=sign_up.member_id,
                kind=Kind.ACTIVITY_REMINDER,
                body=body,
            )
    return sent
