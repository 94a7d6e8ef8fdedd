"""Reminders of exchanges (issue #6), run by beat in every active community; each is sent once, by its key.

An exchange completed two days ago and still unconfirmed: its recipient is asked to confirm or dispute
(auto-confirmation follows after the community's `auto_confirm_days`). Reminders live with what they
remind about; notifications only delivers them (issue 11).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from sharepool.tenants.notifications.models import Kind
from sharepool.tenants.notifications.services import notify_once
from sharepool.tenants.timebank.models import Exchange

CONFIRMATION_REMINDER_AFTER = timedelta(days=2)


def do_remind_unconfirmed_exchanges(*, now: datetime) -> int:
    due = Exchange.objects.filter(
        state=Exchange.State.COMPLETED, completed_at__lte=now - CONFIRMATION_REMINDER_AFTER
    ).select_related("provider")
    sent = 0
    # Tasks have no request: the text is written in the platform's language (Chinese first).
    with translation.override(settings.LANGUAGE_CODE):
        for exchange in due.order_by("id").iterator():
            assert exchange.minutes is not None, "a completed exchange has its minutes recorded"
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
