"""A worker process killed with SIGKILL mid-task (issue #6, kept by the fault suite of issue #10).

acks_late with reject_on_worker_lost hands the task to a new pool process at once; the task is
idempotent by its notification's id, so it runs to the end once.
"""

import os
import signal

import pytest
from django_tenants.utils import schema_context
from psycopg import sql

from sharepool.core.background import queue_in_schema
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.notifications.tasks import deliver_notification_task
from tests.faults.checks import assert_ledger_clean
from tests.platform.background.conftest import wait_until
from tests.platform.background.test_worker import delivered, give_admin_an_address


@pytest.fixture
def two_communities(committed_communities):
    # Made before the app is pointed at Redis, so the onboarding's own pool refill runs here, not on the worker.
    return committed_communities("beizhan"), committed_communities("minle")


def test_a_worker_killed_mid_task_has_its_task_redelivered_and_delivers_once(two_communities, celery_worker):
    # given: a notification in beizhan, and its row locked by another session, so the task blocks mid-transaction
    beizhan, minle = two_communities
    admin_id = give_admin_an_address(beizhan.schema_name, "admin@beizhan.test")
    give_admin_an_address(minle.schema_name, "admin@minle.test")
    with schema_context(beizhan.schema_name):
        notification = Notification.objects.create(
            member_id=admin_id, kind="exchange_confirmed", body="您的服务已确认：1小时", by_email=True
        )
    blocker = celery_worker.connect()
    blocker.execute(
        sql.SQL("SELECT id FROM {}.notifications_notification WHERE id = %s FOR UPDATE").format(
            sql.Identifier(beizhan.schema_name)
        ),
        [notification.id],
    )
    waiting_before = celery_worker.lock_waiters()
    try:
        queue_in_schema(deliver_notification_task, beizhan.schema_name, notification_id=notification.id)
        first = wait_until(lambda: celery_worker.lock_waiters() - waiting_before, what="the task to block")

        # when: the pool process running it is killed
        (child,) = celery_worker.child_pids()
        os.kill(child, signal.SIGKILL)

        # then: the worker notices, and the task comes back to a new process (acks_late, reject_on_worker_lost)
        wait_until(lambda: "WorkerLostError" in celery_worker.log(), what="the lost worker to be noticed")
        wait_until(
            lambda: celery_worker.lock_waiters() - waiting_before - first,
            what="the redelivered task to block",
        )
        assert child not in celery_worker.child_pids()
    finally:
        blocker.rollback()
        blocker.close()

    # then: delivered once, one e-mail, and nothing in the other community
    wait_until(lambda: delivered(beizhan.schema_name), what="the delivery")
    assert delivered(beizhan.schema_name) == [(notification.id, "admin@beizhan.test")]
    assert [message["To"] for message in celery_worker.sent_mail()] == ["admin@beizhan.test"]
    assert delivered(minle.schema_name) == []
    assert_ledger_clean()


def test_a_dead_workers_unacknowledged_tasks_come_back_within_twice_the_longest_task():
    # given: the app as the workers configure it
    from sharepool.platform.celery import app

    # then: tasks are acknowledged at their end and bounded in time, and Redis hands a task out again
    # after twice that bound, not after Kombu's default hour (issue #10)
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.task_time_limit == 300
    assert app.conf.broker_transport_options["visibility_timeout"] == 600
