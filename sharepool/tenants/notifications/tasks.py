"""Delivery tasks. Below services.py, which queues them: services -> tasks -> delivery, no circle."""

from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from sharepool.core.background import queue_on_commit
from sharepool.tenants.notifications.delivery import do_deliver_notification
from sharepool.tenants.notifications.models import Notification

# A pending notification older than this has lost its delivery task (see the beat schedule).
PENDING_GRACE = timedelta(minutes=5)


@shared_task(
    name="notifications.deliver",
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def deliver_notification_task(*, notification_id: int) -> bool:
    return do_deliver_notification(notification_id=notification_id)


@shared_task(name="notifications.deliver_pending")
def deliver_pending_notifications_task() -> int:
    return do_queue_pending_deliveries()


def do_queue_pending_deliveries() -> int:
    """Queue delivery again for notifications whose task was lost; returns how many."""
    cutoff = timezone.now() - PENDING_GRACE
    pending = Notification.objects.filter(delivered_at__isnull=True, created__lte=cutoff).values_list(
        "id", flat=True
    )
    count = 0
    with transaction.atomic():
        for notification_id in pending.order_by("id")[:1000]:
            queue_on_commit(deliver_notification_task, notification_id=notification_id)
            count += 1
    return count
