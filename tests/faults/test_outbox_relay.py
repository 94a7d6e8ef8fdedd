"""The outbox's relays race (issue #10): on commit, beat's sweep and a second sweep all at once send each
waiting task exactly once, under its own task id."""

import threading

from django.db import connection

from sharepool.core.background import relay_outbox
from sharepool.core.models import OutboxTask
from tests.platform.background.test_queueing import queued_messages

ROWS = 30


def test_concurrent_relays_send_each_waiting_task_once(transactional_db, redis_client, celery_on_redis):
    # given: tasks left in the outbox while the broker was down
    rows = OutboxTask.objects.bulk_create(
        OutboxTask(task_name="communities.refill_schema_pool", schema_name="public", kwargs={})
        for _ in range(ROWS)
    )

    # when: three relays run at once
    start = threading.Barrier(3)

    def sweep() -> None:
        try:
            start.wait()
            relay_outbox()
        finally:
            connection.close()

    sweepers = [threading.Thread(target=sweep) for _ in range(3)]
    for thread in sweepers:
        thread.start()
    for thread in sweepers:
        thread.join()

    # then: one message per row, each with the row's task id, and nothing left waiting
    task_ids = sorted(message["headers"]["id"] for message in queued_messages(redis_client))
    assert task_ids == sorted(f"outbox-{row.id}" for row in rows)
    assert OutboxTask.objects.count() == 0
