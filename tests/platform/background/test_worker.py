"""A real `celery worker` process on Redis, against the test database."""

import os
import signal
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context
from psycopg import sql

from sharepool.core.background import queue_in_schema
from sharepool.platform.communities.models import Community
from sharepool.platform.communities.services import do_start_onboarding
from sharepool.platform.communities.tasks import run_in_every_active_community
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.verify import violations_in_current_schema
from sharepool.tenants.members.models import Member
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.notifications.services import do_notify
from sharepool.tenants.timebank.models import Exchange
from sharepool.tenants.timebank.services import (
    do_accept_exchange,
    do_complete_exchange,
    do_post_offer,
    do_propose_exchange,
)
from sharepool.tenants.timebank.tasks import auto_confirm_exchanges_task
from tests.conftest import TEST_PASSWORD
from tests.platform.background.conftest import wait_until
from tests.tenants.cast import add_member, balance, category, give


def give_admin_an_address(schema_name: str, address: str) -> int:
    with schema_context(schema_name):
        admin = Member.objects.select_related("user").get()
        admin.user.email = address
        admin.user.save(update_fields=["email"])
        return admin.id


def delivered(schema_name: str) -> list[tuple[int, str]]:
    with schema_context(schema_name):
        return list(
            Notification.objects.filter(delivered_at__isnull=False)
            .order_by("id")
            .values_list("id", "emailed_to")
        )


@pytest.fixture
def two_communities(committed_communities):
    # Made before the app is pointed at Redis, so the onboarding's own pool refill runs here, not on the worker.
    return committed_communities("beizhan"), committed_communities("minle")


def test_a_task_runs_in_the_schema_of_the_code_that_queued_it(two_communities, celery_worker):
    # given: each community's admin has an address
    beizhan, minle = two_communities
    beizhan_admin = give_admin_an_address(beizhan.schema_name, "admin@beizhan.test")
    minle_admin = give_admin_an_address(minle.schema_name, "admin@minle.test")

    # when: each asks for a notification
    with schema_context(beizhan.schema_name):
        in_beizhan = do_notify(member_id=beizhan_admin, kind="exchange_proposed", body="王阿姨想请您修水管")
    with schema_context(minle.schema_name):
        in_minle = do_notify(member_id=minle_admin, kind="milestone_reached", body="民乐社区迎来第1000名会员")

    # then: each was delivered in its own schema, to its own member's address
    wait_until(
        lambda: delivered(beizhan.schema_name) and delivered(minle.schema_name), what="both deliveries"
    )
    assert delivered(beizhan.schema_name) == [(in_beizhan.id, "admin@beizhan.test")]
    assert delivered(minle.schema_name) == [(in_minle.id, "admin@minle.test")]
    mail = {message["To"]: message.get_payload(decode=True).decode() for message in celery_worker.sent_mail()}
    assert mail == {
        "admin@beizhan.test": "王阿姨想请您修水管",
        "admin@minle.test": "民乐社区迎来第1000名会员",
    }


def test_beat_fan_out_runs_the_task_in_every_active_community(two_communities, celery_worker):
    # given: in each community a notification whose delivery task was lost; minle is suspended
    beizhan, minle = two_communities
    lost_ids = []
    for community, address in ((beizhan, "admin@beizhan.test"), (minle, "admin@minle.test")):
        admin_id = give_admin_an_address(community.schema_name, address)
        with schema_context(community.schema_name):
            lost = Notification.objects.create(
                member_id=admin_id, kind="activity_reminder", body="明天四点半课堂", by_email=True
            )
            Notification.objects.filter(id=lost.id).update(created=timezone.now() - timedelta(hours=1))
            lost_ids.append(lost.id)
    Community.objects.filter(id=minle.community_id).update(status="suspended")

    # when: beat's entry fires (from the public schema)
    connection.set_schema_to_public()
    run_in_every_active_community.apply_async(kwargs={"task_name": "notifications.deliver_pending"})

    # then: the active community's notification was delivered; the suspended one's waits
    wait_until(lambda: delivered(beizhan.schema_name), what="the fanned-out delivery")
    assert delivered(beizhan.schema_name) == [(lost_ids[0], "admin@beizhan.test")]
    assert delivered(minle.schema_name) == []
    assert [message["To"] for message in celery_worker.sent_mail()] == ["admin@beizhan.test"]


@pytest.fixture
def onboarded_by_task(transactional_db):
    slugs: list[str] = []
    yield slugs
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for slug in slugs:
            cursor.execute(f'DROP SCHEMA IF EXISTS "c_{slug}" CASCADE')


def test_onboarding_answers_at_once_and_the_worker_makes_the_community_active(
    committed_communities, onboarded_by_task, celery_worker
):
    # given: another community already online
    minle = committed_communities("minle")

    # when
    onboarded_by_task.append("xinniu")
    result = do_start_onboarding(
        slug="xinniu", name="新牛社区", street_office_name="民治街道", admin_password=TEST_PASSWORD
    )

    # then: the answer comes before the schema exists
    assert result.status == "provisioning"
    assert result.url == "http://xinniu.localhost:8000/"

    # then: the worker gives it a schema and makes it active, with the admin's chosen password
    wait_until(
        lambda: Community.objects.get(slug="xinniu").status == "active",
        timeout=60,
        what="the community to be active",
    )
    with schema_context("c_xinniu"):
        admin = get_user_model().objects.get(username="admin")
        assert admin.check_password(TEST_PASSWORD)
        assert Member.objects.get().role == "admin"
    assert Community.objects.get(id=minle.community_id).status == "active"
    with schema_context(minle.schema_name):
        assert Member.objects.count() == 1


def completed_long_ago(provider, recipient, minutes: int) -> Exchange:
    offer = do_post_offer(actor_id=provider.id, category_id=category().id, title="修水管")
    exchange = do_propose_exchange(actor_id=recipient.id, offer_id=offer.id)
    do_accept_exchange(actor_id=provider.id, exchange_id=exchange.id)
    do_complete_exchange(actor_id=provider.id, exchange_id=exchange.id, minutes=minutes)
    Exchange.objects.filter(id=exchange.id).update(completed_at=timezone.now() - timedelta(days=8))
    return Exchange.objects.get(id=exchange.id)


def confirmed(schema_name: str, exchange_id: int) -> bool:
    with schema_context(schema_name):
        return Exchange.objects.get(id=exchange_id).state == Exchange.State.CONFIRMED


def test_a_killed_worker_s_redelivered_auto_confirmation_posts_once(committed_communities, celery_worker):
    # given: in beizhan, bob served alice 60 minutes 8 days ago (due after 7); minle has its own members
    beizhan = committed_communities("beizhan")
    minle = committed_communities("minle")
    with schema_context(minle.schema_name):
        minle_alice = add_member("阿丽")
        give(minle_alice, 300)
        minle_transfers = Transfer.objects.count()
    with schema_context(beizhan.schema_name):
        alice, bob = add_member("阿丽"), add_member("老王")
        give(alice, 200)
        exchange = completed_long_ago(bob, alice, minutes=60)
        transfers_before = set(Transfer.objects.values_list("id", flat=True))

    # given: the exchange row locked by another session, so the task blocks inside its transaction
    blocker = celery_worker.connect()
    blocker.execute(
        sql.SQL("SELECT id FROM {}.timebank_exchange WHERE id = %s FOR UPDATE").format(
            sql.Identifier(beizhan.schema_name)
        ),
        [exchange.id],
    )
    waiting_before = celery_worker.lock_waiters()
    try:
        queue_in_schema(auto_confirm_exchanges_task, beizhan.schema_name)
        first = wait_until(lambda: celery_worker.lock_waiters() - waiting_before, what="the task to block")

        # when: the pool process running it is killed
        (child,) = celery_worker.child_pids()
        os.kill(child, signal.SIGKILL)

        # then: the task comes back to a new process
        wait_until(lambda: "WorkerLostError" in celery_worker.log(), what="the lost worker to be noticed")
        wait_until(
            lambda: celery_worker.lock_waiters() - waiting_before - first,
            what="the redelivered task to block",
        )
    finally:
        blocker.rollback()
        blocker.close()

    # then: confirmed, one transfer of 60 minutes, every ledger invariant holds, minle untouched
    wait_until(lambda: confirmed(beizhan.schema_name, exchange.id), what="the confirmation")
    with schema_context(beizhan.schema_name):
        new = Transfer.objects.exclude(id__in=transfers_before)
        assert [(t.kind, t.amount, t.idempotency_key) for t in new] == [
            ("exchange", 60, f"auto-confirm:exchange:{exchange.id}")
        ]
        assert (balance(alice), balance(bob)) == (140, 60)
        assert violations_in_current_schema("beizhan") == []
    with schema_context(minle.schema_name):
        assert Transfer.objects.count() == minle_transfers
