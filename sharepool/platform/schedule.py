"""The one beat schedule for the whole platform (issue #6).

Beat runs in the public schema. Platform-wide work is scheduled directly; per-community work goes
through `communities.run_in_every_active_community`, which queues the named task once in each active
community's schema, so adding a community never touches this file.

Waiting for their domain functions to reach main (no entry until then): auto-confirmation of completed
exchanges, expiry of stale offers and requests, statistics snapshots, reminders of unconfirmed
exchanges and upcoming activities, alliance monthly reports.
"""

from celery.schedules import crontab


def in_every_active_community(task_name: str, schedule) -> dict:
    return {
        "task": "communities.run_in_every_active_community",
        "schedule": schedule,
        "kwargs": {"task_name": task_name},
    }


BEAT_SCHEDULE = {
    "refill-schema-pool": {"task": "communities.refill_schema_pool", "schedule": crontab(minute="*/15")},
    # Daily, after the night's Stripe retries have had their chance to turn a payment around.
    "suspend-overdue-communities": {
        "task": "billing.suspend_overdue_communities",
        "schedule": crontab(hour=4, minute=0),
    },
    # Catches notifications whose delivery task was lost (the broker was down at commit time).
    "deliver-pending-notifications": in_every_active_community(
        "notifications.deliver_pending", crontab(minute="*/10")
    ),
}
