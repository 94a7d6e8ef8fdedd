"""Notifications (issue #6): other domains call `do_notify` inside their transaction; delivery is a task.

Delivery is idempotent by the notification's id: the row is locked and its `delivered_at` checked, so a
redelivered task (a worker killed mid-delivery, acks_late) delivers once. An e-mail already handed to the
mail server when the worker dies before its commit is the one case sent twice; the in-app record never is.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sharepool.platform.background import queue_on_commit
from sharepool.tenants.members.models import Member
from sharepool.tenants.notifications.errors import NotificationError, NotificationErrorCode
from sharepool.tenants.notifications.models import Kind, Notification, NotificationPreference

# A pending notification older than this has lost its delivery task (see the beat schedule).
PENDING_GRACE = timedelta(minutes=5)


def preference_of(*, member_id: int, kind: str) -> NotificationPreference:
    stored = NotificationPreference.objects.filter(member_id=member_id, kind=kind).first()
    return stored or NotificationPreference(member_id=member_id, kind=kind)


def preferences_of(*, member_id: int) -> list[NotificationPreference]:
    """The member's choice for every kind, defaults included, in the order of the kinds."""
    stored = {p.kind: p for p in NotificationPreference.objects.filter(member_id=member_id)}
    return [
        stored.get(kind) or NotificationPreference(member_id=member_id, kind=kind) for kind in Kind.values
    ]


def check_notify(*, member_id: int, kind: str, body: str) -> None:
    if kind not in Kind.values:
        raise NotificationError(
            NotificationErrorCode.KIND_UNKNOWN, _("Unknown kind of notification."), field="kind"
        )
    if not body.strip():
        raise NotificationError(
            NotificationErrorCode.TEXT_REQUIRED, _("A notification needs a text."), field="body"
        )
    if not Member.objects.filter(id=member_id).exists():
        raise NotificationError(NotificationErrorCode.MEMBER_UNKNOWN, _("No such member."), field="memberId")


@transaction.atomic
def do_notify(
    *, member_id: int, kind: str, body: str, link: str = "", key: str | None = None
) -> Notification | None:
    """Tell a member something, as they chose; None when they turned this kind off entirely.

    With a `key`, telling twice is telling once: the second call returns the first notification.
    """
    check_notify(member_id=member_id, kind=kind, body=body)
    if key is not None:
        # Two callers with one key at once: the second waits here for the first to commit, then finds it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"notification:{key}"])
        existing = Notification.objects.filter(key=key).first()
        if existing is not None:
            return existing
    preference = preference_of(member_id=member_id, kind=kind)
    if not (preference.in_app or preference.by_email):
        return None
    notification = Notification.objects.create(
        member_id=member_id,
        kind=kind,
        body=body.strip(),
        link=link,
        in_app=preference.in_app,
        by_email=preference.by_email,
        key=key,
    )
    from sharepool.tenants.notifications.tasks import deliver_notification_task

    queue_on_commit(deliver_notification_task, notification_id=notification.id)
    return notification


@transaction.atomic
def do_set_notification_preference(
    *, member_id: int, kind: str, in_app: bool, by_email: bool
) -> NotificationPreference:
    if kind not in Kind.values:
        raise NotificationError(
            NotificationErrorCode.KIND_UNKNOWN, _("Unknown kind of notification."), field="kind"
        )
    if not Member.objects.filter(id=member_id).exists():
        raise NotificationError(NotificationErrorCode.MEMBER_UNKNOWN, _("No such member."), field="memberId")
    preference, _created = NotificationPreference.objects.update_or_create(
        member_id=member_id, kind=kind, defaults={"in_app": in_app, "by_email": by_email}
    )
    return preference


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


def do_queue_pending_deliveries() -> int:
    """Queue delivery again for notifications whose task was lost; returns how many."""
    from sharepool.tenants.notifications.tasks import deliver_notification_task

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


@transaction.atomic
def do_mark_notifications_read(*, member_id: int, notification_ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(member_id=member_id, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(id__in=notification_ids)
    return unread.update(read_at=timezone.now())
