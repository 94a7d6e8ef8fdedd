from smtplib import SMTPException

from celery import shared_task

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
