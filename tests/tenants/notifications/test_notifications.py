import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member
from sharepool.tenants.notifications.delivery import do_deliver_notification
from sharepool.tenants.notifications.errors import NotificationError, NotificationErrorCode
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.notifications.services import (
    do_mark_notifications_read,
    do_notify,
    do_set_notification_preference,
)
from sharepool.tenants.notifications.tasks import do_queue_pending_deliveries


def admin_with_address(schema_name: str, address: str) -> int:
    with schema_context(schema_name):
        admin = Member.objects.select_related("user").get()
        admin.user.email = address
        admin.user.save(update_fields=["email"])
        return admin.id


def notification_rows(schema_name: str) -> list[tuple]:
    with schema_context(schema_name):
        return list(
            Notification.objects.order_by("id").values_list(
                "kind", "in_app", "by_email", "emailed_to", "delivered_at"
            )
        )


def test_a_notification_is_stored_in_the_app_and_e_mailed_in_chinese(
    beizhan, minle, django_capture_on_commit_callbacks
):
    # given
    admin_id = admin_with_address(beizhan.schema_name, "wang@beizhan.test")

    # when
    with django_capture_on_commit_callbacks(execute=True), schema_context(beizhan.schema_name):
        notification = do_notify(
            member_id=admin_id, kind="exchange_proposed", body="王阿姨想请您修水管", link="/exchanges/7"
        )

    # then
    with schema_context(beizhan.schema_name):
        stored = Notification.objects.get()
        assert stored.id == notification.id
        assert (stored.in_app, stored.by_email, stored.emailed_to) == (True, True, "wang@beizhan.test")
        assert stored.delivered_at is not None and stored.read_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["wang@beizhan.test"]
    assert mail.outbox[0].subject == "共享池：新的服务交换提议"
    assert mail.outbox[0].body == "王阿姨想请您修水管\n\n/exchanges/7"
    assert notification_rows(minle.schema_name) == []


def test_a_member_without_an_address_is_told_in_the_app_only(
    beizhan, minle, django_capture_on_commit_callbacks
):
    # given
    with schema_context(beizhan.schema_name):
        admin_id = Member.objects.get().id

    # when
    with django_capture_on_commit_callbacks(execute=True) as queued, schema_context(beizhan.schema_name):
        do_notify(member_id=admin_id, kind="milestone_reached", body="您已服务满10小时")

    # then: delivered as it was stored, with no delivery task to run
    ((kind, in_app, by_email, emailed_to, delivered_at),) = notification_rows(beizhan.schema_name)
    assert (kind, in_app, by_email, emailed_to) == ("milestone_reached", True, True, "")
    assert delivered_at is not None
    assert queued == []
    assert mail.outbox == []
    assert notification_rows(minle.schema_name) == []


def test_members_choose_what_they_receive(beizhan, minle, django_capture_on_commit_callbacks):
    # given: no e-mail for reminders, nothing at all for disputes
    admin_id = admin_with_address(beizhan.schema_name, "wang@beizhan.test")
    with schema_context(beizhan.schema_name):
        do_set_notification_preference(
            member_id=admin_id, kind="activity_reminder", in_app=True, by_email=False
        )
        do_set_notification_preference(
            member_id=admin_id, kind="exchange_disputed", in_app=False, by_email=False
        )

    # when
    with django_capture_on_commit_callbacks(execute=True), schema_context(beizhan.schema_name):
        reminder = do_notify(member_id=admin_id, kind="activity_reminder", body="明天四点半课堂")
        dispute = do_notify(member_id=admin_id, kind="exchange_disputed", body="对方对时长有异议")

    # then
    assert reminder is not None and dispute is None
    assert [row[:4] for row in notification_rows(beizhan.schema_name)] == [
        ("activity_reminder", True, False, "")
    ]
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": "lottery_won", "body": "x"}, NotificationErrorCode.KIND_UNKNOWN),
        ({"kind": "exchange_confirmed", "body": "  "}, NotificationErrorCode.TEXT_REQUIRED),
        ({"kind": "exchange_confirmed", "body": "x", "member_id": 999}, NotificationErrorCode.MEMBER_UNKNOWN),
    ],
)
def test_bad_notifications_are_refused_and_nothing_is_stored(
    beizhan, minle, django_capture_on_commit_callbacks, kwargs, code
):
    # given
    with schema_context(beizhan.schema_name):
        arguments = {"member_id": Member.objects.get().id, **kwargs}

    # when
    with (
        django_capture_on_commit_callbacks(execute=True) as queued,
        schema_context(beizhan.schema_name),
        pytest.raises(NotificationError) as refused,
    ):
        do_notify(**arguments)

    # then
    assert refused.value.code == code
    assert queued == []
    assert notification_rows(beizhan.schema_name) == [] and mail.outbox == []


def test_a_second_delivery_of_the_same_notification_changes_nothing(
    beizhan, minle, django_capture_on_commit_callbacks
):
    # given: delivered once
    admin_id = admin_with_address(beizhan.schema_name, "wang@beizhan.test")
    with django_capture_on_commit_callbacks(execute=True), schema_context(beizhan.schema_name):
        notification = do_notify(member_id=admin_id, kind="exchange_confirmed", body="您的服务已确认：1小时")
    delivered_before = notification_rows(beizhan.schema_name)

    # when: the task is delivered again
    with schema_context(beizhan.schema_name):
        again = do_deliver_notification(notification_id=notification.id)

    # then
    assert again is False
    assert notification_rows(beizhan.schema_name) == delivered_before
    assert len(mail.outbox) == 1


def test_pending_notifications_whose_task_was_lost_are_queued_again(
    beizhan, minle, django_capture_on_commit_callbacks
):
    # given: one pending for an hour (its task lost), one just made (its task may still be on its way)
    with schema_context(beizhan.schema_name):
        admin_id = Member.objects.get().id
        lost = Notification.objects.create(
            member_id=admin_id, kind="activity_reminder", body="明天四点半课堂"
        )
        Notification.objects.filter(id=lost.id).update(created=timezone.now() - timedelta(hours=1))
        fresh = Notification.objects.create(
            member_id=admin_id, kind="activity_reminder", body="后天四点半课堂"
        )

    # when
    with django_capture_on_commit_callbacks(execute=True), schema_context(beizhan.schema_name):
        queued = do_queue_pending_deliveries()

    # then
    assert queued == 1
    with schema_context(beizhan.schema_name):
        assert Notification.objects.get(id=lost.id).delivered_at is not None
        assert Notification.objects.get(id=fresh.id).delivered_at is None


def test_a_member_marks_notifications_read(beizhan, minle, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=True), schema_context(beizhan.schema_name):
        admin_id = Member.objects.get().id
        first = do_notify(member_id=admin_id, kind="exchange_proposed", body="一")
        do_notify(member_id=admin_id, kind="exchange_proposed", body="二")

    # when
    with schema_context(beizhan.schema_name):
        marked = do_mark_notifications_read(member_id=admin_id, notification_ids=[first.id])
        marked_rest = do_mark_notifications_read(member_id=admin_id)

    # then
    assert (marked, marked_rest) == (1, 1)
    with schema_context(beizhan.schema_name):
        assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_notifying_twice_with_one_key_notifies_once(beizhan, minle, django_capture_on_commit_callbacks):
    # given
    admin_id = admin_with_address(beizhan.schema_name, "wang@beizhan.test")

    # when: a rerun reminder, in each community
    with django_capture_on_commit_callbacks(execute=True), schema_context(beizhan.schema_name):
        first = do_notify(
            member_id=admin_id, kind="milestone_reached", body="第1000名会员", key="milestone:1000"
        )
        second = do_notify(
            member_id=admin_id, kind="milestone_reached", body="第1000名会员", key="milestone:1000"
        )
    with django_capture_on_commit_callbacks(execute=True), schema_context(minle.schema_name):
        elsewhere = do_notify(
            member_id=Member.objects.get().id,
            kind="milestone_reached",
            body="第1000名会员",
            key="milestone:1000",
        )

    # then
    assert second.id == first.id
    assert len(notification_rows(beizhan.schema_name)) == 1
    assert len(notification_rows(minle.schema_name)) == 1 and elsewhere is not None
    assert [message.to for message in mail.outbox] == [["wang@beizhan.test"]]


def lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_two_transactions_telling_with_one_key_at_once_store_one_notification(committed_communities):
    # given: two committed communities; in beizhan a first transaction has told the admin but not committed
    beizhan = committed_communities("beizhan")
    minle = committed_communities("minle")
    with schema_context(beizhan.schema_name):
        admin_id = Member.objects.get().id
    first_told, second_waiting, results, failures = threading.Event(), threading.Event(), {}, []

    def tell(name: str, hold: bool) -> None:
        try:
            with schema_context(beizhan.schema_name), transaction.atomic():
                results[name] = do_notify(
                    member_id=admin_id, kind="milestone_reached", body="第1000名会员", key="milestone:1000"
                ).id
                if hold:
                    first_told.set()
                    assert second_waiting.wait(10), "the second transaction never waited"
        except Exception as error:  # reported below: an exception in a thread would otherwise vanish
            failures.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=tell, args=("first", True))
    first.start()
    assert first_told.wait(10)

    # when: a second transaction tells with the same key while the first is open
    second = threading.Thread(target=tell, args=("second", False))
    second.start()
    for _ in range(100):  # until it waits on the first one's key (it must not have stored a second row)
        if lock_waiters():
            break
        threading.Event().wait(0.1)
    second_waiting.set()
    first.join()
    second.join()

    # then: it waited, then found the first one's notification
    assert failures == []
    assert results["second"] == results["first"]
    with schema_context(beizhan.schema_name):
        assert list(Notification.objects.values_list("id", "key")) == [(results["first"], "milestone:1000")]
    with schema_context(minle.schema_name):
        assert Notification.objects.count() == 0
