"""Reminders (issue #6), run by beat in every active community; each is sent once, by its key.

- An exchange completed two days ago and still unconfirmed: its recipient is asked to confirm or dispute
  (auto-confirmation follows after the community's `auto_confirm_days`).
- An activity starting within a day: every confirmed sign-up is reminded of the time and place.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharepool.tenants.activities.models import Activity, SignUp
from sharepool.tenants.notifications.models import Kind, Notification
from sharepool.tenants.notifications.services import do_notify
from sharepool.tenants.timebank.models import Exchange

CONFIRMATION_REMINDER_AFTER = timedelta(days=2)
ACTIVITY_REMINDER_AHEAD = timedelta(hours=24)


def notify_once(*, key: str, member_id: int, kind: str, body: str) -> bool:
    """True when this call told the member; False when the key was used before."""
    if Notification.objects.filter(key=key).exists():
        return False
    return do_notify(member_id=member_id, kind=kind, body=body, key=key) is not None


def do_remind_unconfirmed_exchanges(*, now: datetime) -> int:
    due = Exchange.objects.filter(
        state=Exchange.State.COMPLETED, completed_at__lte=now - CONFIRMATION_REMINDER_AFTER
    ).select_related("provider")
    sent = 0
    # Tasks have no request: the text is written in the platform's language (Chinese first).
    with translation.override(settings.LANGUAGE_CODE):
        for exchange in due.order_by("id").iterator():
            body = _(
                "%(provider)s recorded %(hours)s hours of service for you. Please confirm or dispute them."
            ) % {
                "provider": exchange.provider.display_name,
                "hours": f"{exchange.minutes / 60:g}",
            }
            sent += notify_once(
                key=f"remind:exchange:{exchange.id}",
                member_id=exchange.recipient_id,
                kind=Kind.CONFIRMATION_REMINDER,
                body=body,
            )
    return sent


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
