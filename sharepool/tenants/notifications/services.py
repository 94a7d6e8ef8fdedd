"""Notifications (issue #6): other domains call `do_notify` inside their transaction; e-mail is a task.

A notification shown in the app is delivered when it is stored; only one to be e-mailed queues a delivery
task (most members have no address, and a task per confirmation cost more than the confirmation's ledger
work: issue 4's benchmark). Delivery is idempotent by the notification's id: the row is locked and its
`delivered_at` checked, so a redelivered task (a worker killed mid-delivery, acks_late) delivers once.
An e-mail already handed to the mail server when the worker dies before its commit is the one case sent
twice; the in-app record never is.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.background import queue_on_commit
from sharepool.tenants.members.models import Member
from sharepool.tenants.notifications.errors import NotificationError, NotificationErrorCode
from sharepool.tenants.notifications.models import Kind, Notification, NotificationPreference
from sharepool.tenants.notifications.tasks import deliver_notification_task

User = get_user_model()


def preferences_of(*, member_id: int) -> list[NotificationPreference]:
    """The member's choice for every kind, defaults included, in the order of the kinds."""
    stored = {p.kind: p for p in NotificationPreference.objects.filter(member_id=member_id)}
    return [
        stored.get(kind) or NotificationPreference(member_id=member_id, kind=kind) for kind in Kind.values
    ]


def check_notify(*, kind: str, body: str) -> None:
    if kind not in Kind.values:
        raise NotificationError(
            NotificationErrorCode.KIND_UNKNOWN, _("Unknown kind of notification."), field="kind"
        )
    if not body.strip():
        raise NotificationError(
            NotificationErrorCode.TEXT_REQUIRED, _("A notification needs a text."), field="body"
        )


@dataclass(frozen=True)
class Recipient:
    address: str  # the member's e-mail address, "" when they have none
    in_app: bool
    by_email: bool

    @property
    def e_mailed(self) -> bool:
        return self.by_email and bool(self.address)


def recipient_of(*, member_id: int, kind: str) -> Recipient | None:
    """The member's address and their choice for `kind` (the default when they made none); None: no such member.

    One plain statement: every confirmation tells its provider, and the ORM's three look-ups (member, user,
    preference) were a quarter of a confirmation's client CPU (issue 4's benchmark, benchmarks/RESULTS.md).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT u.email, p.in_app, p.by_email
                FROM {Member._meta.db_table} m
                JOIN {User._meta.db_table} u ON u.id = m.user_id
                LEFT JOIN {NotificationPreference._meta.db_table} p ON p.member_id = m.id AND p.kind = %s
                WHERE m.id = %s""",  # noqa: S608 (table names from the models, values bound)
            [kind, member_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    address, in_app, by_email = row
    default = NotificationPreference(kind=kind)
    return Recipient(
        address=address or "",
        in_app=default.in_app if in_app is None else in_app,
        by_email=default.by_email if by_email is None else by_email,
    )


def insert_notification(notification: Notification) -> bool:
    """Store `notification` unless its key is taken; True when stored (its id set).

    ON CONFLICT on the unique key: of two transactions telling with one key at once, the second waits for
    the first and then stores nothing, so telling twice is telling once without a lock of our own.
    """
    fields = [f for f in Notification._meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(getattr(notification, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {Notification._meta.db_table} ({", ".join(f.column for f in fields)})
                VALUES ({", ".join(["%s"] * len(fields))})
                ON CONFLICT (key) DO NOTHING RETURNING id""",  # noqa: S608 (names from the model, values bound)
            values,
        )
        row = cursor.fetchone()
    if row is None:
        return False
    notification.id = row[0]
    notification._state.adding = False
    return True


def do_notify(
    *, member_id: int, kind: str, body: str, link: str = "", key: str | None = None
) -> Notification | None:
    """Tell a member something, as they chose; None when they turned this kind off entirely.

    With a `key`, telling twice is telling once: the second call returns the first notification. Only an
    e-mail needs a delivery task; a notification shown in the app alone is delivered when it is stored.
    Refusals come before the write, so a caller that handles one keeps a usable transaction.
    """
    check_notify(kind=kind, body=body)
    recipient = recipient_of(member_id=member_id, kind=kind)
    if recipient is None:
        raise NotificationError(NotificationErrorCode.MEMBER_UNKNOWN, _("No such member."), field="memberId")
    if not (recipient.in_app or recipient.by_email):
        return None
    return store_notification(
        member_id=member_id, kind=kind, body=body, link=link, key=key, recipient=recipient
    )


def notify_once(*, key: str, member_id: int, kind: str, body: str) -> bool:
    """True when this call told the member; False when the key was used before (reminders, issue #6)."""
    if Notification.objects.filter(key=key).exists():
        return False
    return do_notify(member_id=member_id, kind=kind, body=body, key=key) is not None


# Inside the caller's transaction without a savepoint (two round trips fewer on every confirmation): its one
# write either succeeds or fails the caller's whole change.
@transaction.atomic(savepoint=False)
def store_notification(
    *, member_id: int, kind: str, body: str, link: str, key: str | None, recipient: Recipient
) -> Notification:
    now = timezone.now()
    notification = Notification(
        member_id=member_id,
        kind=kind,
        body=body.strip(),
        link=link,
        in_app=recipient.in_app,
        by_email=recipient.by_email,
        created=now,
        delivered_at=None if recipient.e_mailed else now,
        key=key,
    )
    if not insert_notification(notification):
        return Notification.objects.get(key=key)
    if recipient.e_mailed:
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


@transaction.atomic
def do_mark_notifications_read(*, member_id: int, notification_ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(member_id=member_id, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(id__in=notification_ids)
    return unread.update(read_at=timezone.now())
