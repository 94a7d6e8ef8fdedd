from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from sharepool.tenants.notifications.services import do_deliver_notification, do_queue_pending_deliveries


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


@shared_task(name="notifications.remind_unconfirmed_exchanges")
def remind_unconfirmed_exchanges_task() -> int:
    from sharepool.tenants.notifications.reminders import do_remind_unconfirmed_exchanges

    return do_remind_unconfirmed_exchanges(now=timezone.now())


@shared_task(name="notifications.remind_upcoming_activities")
def remind_upcoming_activities_task() -> int:
    from sharepool.tenants.notifications.reminders import do_remind_upcoming_activities

    return do_remind_upcoming_activities(now=timezone.now())
