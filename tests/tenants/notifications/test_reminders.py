from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.reminders import do_remind_upcoming_activities
from sharepool.tenants.activities.services import do_create_activity, do_sign_up
from sharepool.tenants.members.models import Member
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.timebank.models import Exchange
from sharepool.tenants.timebank.reminders import do_remind_unconfirmed_exchanges
from sharepool.tenants.timebank.services import (
    do_accept_exchange,
    do_complete_exchange,
    do_post_offer,
    do_propose_exchange,
)
from tests.tenants.cast import add_member, category


def completed(provider, recipient, minutes: int, days_ago: float) -> Exchange:
    offer = do_post_offer(actor_id=provider.id, category_id=category().id, title="修水管")
    exchange = do_propose_exchange(actor_id=recipient.id, offer_id=offer.id)
    do_accept_exchange(actor_id=provider.id, exchange_id=exchange.id)
    do_complete_exchange(actor_id=provider.id, exchange_id=exchange.id, minutes=minutes)
    Exchange.objects.filter(id=exchange.id).update(completed_at=timezone.now() - timedelta(days=days_ago))
    return exchange


def reminders(schema_name: str) -> list[tuple]:
    # Only reminders: proposing the exchanges told their providers too (announcements.py).
    with schema_context(schema_name):
        return list(
            Notification.objects.filter(kind__in=["confirmation_reminder", "activity_reminder"])
            .order_by("id")
            .values_list("member__display_name", "kind", "body", "key")
        )


def test_recipients_of_exchanges_unconfirmed_for_two_days_are_reminded_once(
    beizhan, minle, django_capture_on_commit_callbacks
):
    # given: one completed three days ago, one yesterday; minle has its own, three days old
    with schema_context(minle.schema_name):
        completed(add_member("老李"), add_member("小陈"), minutes=60, days_ago=3)
    with schema_context(beizhan.schema_name):
        wang, alice = add_member("老王"), add_member("阿丽")
        old = completed(wang, alice, minutes=90, days_ago=3)
        completed(alice, wang, minutes=30, days_ago=1)

        # when: the reminder runs twice
        with django_capture_on_commit_callbacks(execute=True):
            first = do_remind_unconfirmed_exchanges(now=timezone.now())
            second = do_remind_unconfirmed_exchanges(now=timezone.now())

    # then
    assert (first, second) == (1, 0)
    assert reminders(beizhan.schema_name) == [
        (
            "阿丽",
            "confirmation_reminder",
            "老王为您记录了1.5小时的服务。请确认，或提出异议。",
            f"remind:exchange:{old.id}",
        )
    ]
    assert reminders(minle.schema_name) == []


def test_members_signed_up_to_an_activity_within_a_day_are_reminded_once(
    beizhan, minle, django_capture_on_commit_callbacks
):
    # given: a 4:30 classroom tomorrow afternoon with one sign-up, and one next week
    with schema_context(beizhan.schema_name):
        coordinator = add_member("王老师", role=Member.Role.COORDINATOR)
        pupil_helper = add_member("阿丽")
        now = timezone.now()
        soon = do_create_activity(
            actor_id=coordinator.id,
            title="四点半课堂",
            category_id=category().id,
            starts_at=now + timedelta(hours=20),
            ends_at=now + timedelta(hours=22),
            place="社区党群服务中心",
            capacity=10,
            minutes_credited=120,
        )
        later = do_create_activity(
            actor_id=coordinator.id,
            title="小小文明劝导员",
            category_id=category().id,
            starts_at=now + timedelta(days=7),
            ends_at=now + timedelta(days=7, hours=2),
            place="民治地铁站",
            capacity=10,
            minutes_credited=120,
        )
        do_sign_up(actor_id=pupil_helper.id, activity_id=soon.id)
        do_sign_up(actor_id=pupil_helper.id, activity_id=later.id)

        # when
        with django_capture_on_commit_callbacks(execute=True):
            first = do_remind_upcoming_activities(now=now)
            second = do_remind_upcoming_activities(now=now)

    # then
    assert (first, second) == (1, 0)
    ((name, kind, body, key),) = reminders(beizhan.schema_name)
    assert (name, kind, key) == ("阿丽", "activity_reminder", f"remind:activity:{soon.id}:{pupil_helper.id}")
    assert body.startswith("提醒：四点半课堂，") and body.endswith("，社区党群服务中心。")
    assert reminders(minle.schema_name) == []
