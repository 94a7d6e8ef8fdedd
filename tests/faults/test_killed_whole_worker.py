"""A whole worker killed with SIGKILL mid-task, its main process and pool together (issue #10).

Nobody is left to reject the task, so it stays unacknowledged in Redis; the next worker to start hands it
out again once the visibility timeout has passed (CELERY_VISIBILITY_TIMEOUT, twice the longest task in
production, a few seconds here). The task is idempotent by its notification's id: delivered once.
"""

import os
import signal
import time

import pytest
import redis
from django_tenants.utils import schema_context
from psycopg import sql

from sharepool.core.background import queue_in_schema
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.notifications.tasks import deliver_notification_task
from tests.faults.checks import assert_ledger_clean
from tests.platform.background.conftest import start_worker, stop_worker, wait_until
from tests.platform.background.test_worker import delivered, give_admin_an_address

VISIBILITY_TIMEOUT = 4  # seconds


@pytest.fixture
def two_communities(committed_communities):
    # Made before the app is pointed at Redis, so the onboarding's own pool refill runs here, not on a worker.
    return committed_communities("beizhan"), committed_communities("minle")


def test_a_whole_worker_killed_mid_task_has_its_task_redelivered_to_the_next_worker_and_delivered_once(
    two_communities, redis_url, celery_on_redis, tmp_path
):
    # given: a notification in beizhan whose row is locked, so the task blocks mid-transaction on worker one
    beizhan, minle = two_communities
    redis.Redis.from_url(redis_url).flushdb()
    admin_id = give_admin_an_address(beizhan.schema_name, "admin@beizhan.test")
    give_admin_an_address(minle.schema_name, "admin@minle.test")
    with schema_context(beizhan.schema_name):
        notification = Notification.objects.create(
            member_id=admin_id, kind="exchange_confirmed", body="您的服务已确认：1小时", by_email=True
        )
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    one = start_worker(redis_url, tmp_path / "one", CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT))
    two = None
    blocker = one.connect()
    try:
        blocker.execute(
            sql.SQL("SELECT id FROM {}.notifications_notification WHERE id = %s FOR UPDATE").format(
                sql.Identifier(beizhan.schema_name)
            ),
            [notification.id],
        )
        queue_in_schema(deliver_notification_task, beizhan.schema_name, notification_id=notification.id)
        wait_until(one.lock_waiters, what="the task to block on worker one")

        # when: the whole worker is killed, main process and pool, and another worker starts
        os.killpg(one.process.pid, signal.SIGKILL)
        one.process.wait()
        # A starting worker scans the unacknowledged tasks at once, then only every ~100 s (kombu throttles
        # the scan): the replacement comes up once the task is older than the visibility timeout.
        time.sleep(VISIBILITY_TIMEOUT + 1)
        two = start_worker(redis_url, tmp_path / "two", CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT))
        # worker one's backend, still waiting for the lock, gets it, finds its client gone and rolls back
        blocker.rollback()

        # then: after the visibility timeout worker two runs the task to its end, once
        wait_until(lambda: delivered(beizhan.schema_name), what="the redelivered task's delivery")
        assert delivered(beizhan.schema_name) == [(notification.id, "admin@beizhan.test")]
        assert [message["To"] for message in two.sent_mail()] == ["admin@beizhan.test"]
        assert one.sent_mail() == []
        assert delivered(minle.schema_name) == []
    finally:
        blocker.close()
        stop_worker(one)
        if two is not None:
            stop_worker(two)
    assert_ledger_clean()
