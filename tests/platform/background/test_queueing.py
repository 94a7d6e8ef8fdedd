import json

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from sharepool.platform.celery import app as celery_app
from sharepool.platform.schedule import BEAT_SCHEDULE
from sharepool.tenants.members.models import Member
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.notifications.services import do_notify


class RolledBack(Exception):
    pass


def queued_messages(redis_client) -> list[dict]:
    return [json.loads(raw) for raw in redis_client.lrange("celery", 0, -1)]


def test_a_rolled_back_request_queues_nothing_and_a_committed_one_queues_its_task(
    committed_communities, redis_client, celery_on_redis
):
    # given
    beizhan = committed_communities("beizhan")
    committed_communities("minle")
    redis_client.flushdb()

    # when: the request fails after asking for a notification
    with schema_context(beizhan.schema_name):
        admin = Member.objects.get()
        with pytest.raises(RolledBack), transaction.atomic():
            do_notify(member_id=admin.id, kind="exchange_proposed", body="王阿姨想请您修水管")
            raise RolledBack

    # then: nothing reached Redis, and nothing was stored
    assert queued_messages(redis_client) == []
    with schema_context(beizhan.schema_name):
        assert Notification.objects.count() == 0

    # when: the same request succeeds, for a member with an e-mail address
    with schema_context(beizhan.schema_name):
        admin.user.email = "wang@beizhan.test"
        admin.user.save(update_fields=["email"])
        do_notify(member_id=admin.id, kind="exchange_proposed", body="王阿姨想请您修水管")

    # then: one message, for beizhan's schema
    messages = queued_messages(redis_client)
    assert len(messages) == 1
    assert messages[0]["headers"]["task"] == "notifications.deliver"
    assert messages[0]["headers"]["_schema_name"] == beizhan.schema_name


def test_a_notification_shown_in_the_app_only_queues_no_task(
    committed_communities, redis_client, celery_on_redis
):
    # given: a member with no e-mail address
    beizhan = committed_communities("beizhan")
    minle = committed_communities("minle")
    redis_client.flushdb()

    # when
    with schema_context(beizhan.schema_name):
        notification = do_notify(
            member_id=Member.objects.get().id, kind="exchange_proposed", body="王阿姨想请您修水管"
        )

    # then: stored as delivered, and nothing went to Redis
    assert queued_messages(redis_client) == []
    with schema_context(beizhan.schema_name):
        stored = Notification.objects.get()
        assert stored.id == notification.id and stored.delivered_at is not None and stored.emailed_to == ""
    with schema_context(minle.schema_name):
        assert Notification.objects.count() == 0


def test_every_scheduled_task_is_registered():
    # given
    celery_app.loader.import_default_modules()

    # when
    scheduled = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    fanned_out = {entry["kwargs"]["task_name"] for entry in BEAT_SCHEDULE.values() if "kwargs" in entry}

    # then
    assert scheduled == {
        "core.relay_outbox",
        "communities.sweep_provisioning",
        "communities.refill_schema_pool",
        "billing.suspend_overdue_communities",
        "federation.write_alliance_monthly_reports",
        "accounts.purge_staff_credentials",
        "federation.purge_organisation_tokens",
        "communities.run_in_every_active_community",
    }
    assert fanned_out == {
        "notifications.deliver_pending",
        "timebank.auto_confirm_exchanges",
        "timebank.expire_listings",
        "recognition.grant_member_number_milestones",
        "recognition.take_stats_snapshot",
        "notifications.remind_unconfirmed_exchanges",
        "notifications.remind_upcoming_activities",
        "members.purge_credentials",
        "council.lapse_unseconded_motions",
        "council.remind_follow_ups",
    }
    assert (scheduled | fanned_out) <= set(celery_app.tasks)
