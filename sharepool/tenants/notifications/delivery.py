"""Delivering a notification by e-mail, once (the task in tasks.py runs it; services.py queues it)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.notifications.models import Notification


def render_email(notification: Notification) -> tuple[str, str]:
    # Tasks have no request: the message is written in the platform's language (Chinese first).
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(_("Sharepool: %(title)s") % {"title": notification.title})
        text = notification.body + (f"\n\n{notification.link}" if notification.link else "")
    return subject, text


@transaction.atomic
def do_deliver_notification(*, notification_id: int) -> bool:
    """Deliver once: True when this call delivered it, False when it was already delivered."""
    notification = (
        Notification.objects.select_for_update(of=("self",))
        .select_related("member__user")
        .get(id=notification_id)
    )
    if notification.delivered_at is not None:
        return False
    address = notification.member.user.email
    if notification.by_email and address:
        subject, text = render_email(notification)
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
        notification.emailed_to = address
    notification.delivered_at = timezone.now()
    notification.save(update_fields=["delivered_at", "emailed_to"])
    return True
