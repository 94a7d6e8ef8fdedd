"""The one beat schedule for the whole platform (issue #6).

Beat runs in the public schema. Platform-wide work is scheduled directly; per-community work goes
through `communities.run_in_every_active_community`, which queues the named task once in each active
community's schema, so adding a community never touches this file.
"""

from celery.schedules import crontab


def in_every_active_community(task_name: str, schedule) -> dict:
    return {
        "task": "communities.run_in_every_active_community",
        "schedule": schedule,
        "kwargs": {"task_name": task_name},
    }


BEAT_SCHEDULE = {
    # Tasks committed while the broker was down (sharepool/core/background.py); beat's own message
    # needs the broker too, so this runs as soon as it is back.
    "relay-outbox": {"task": "core.relay_outbox", "schedule": crontab(minute="*")},
    # Communities whose onboarding died (issue #10): removed after ONBOARDING_TIMEOUT_MINUTES, slug freed.
    "sweep-provisioning-communities": {
        "task": "communities.sweep_provisioning",
        "schedule": crontab(minute="*/10"),
    },
    "refill-schema-pool": {"task": "communities.refill_schema_pool", "schedule": crontab(minute="*/15")},
    # Daily, after the night's Stripe retries have had their chance to turn a payment around.
    "suspend-overdue-communities": {
        "task": "billing.suspend_overdue_communities",
        "schedule": crontab(hour=4, minute=0),
    },
    # Public schema, so scheduled directly: early on the 1st, last month's figures per alliance.
    "write-alliance-monthly-reports": {
        "task": "federation.write_alliance_monthly_reports",
        "schedule": crontab(day_of_month=1, hour=1, minute=0),
    },
    # Ended tokens and old login attempts (sharepool/credentials/purge.py), at night when few sign in.
    "purge-staff-credentials": {
        "task": "accounts.purge_staff_credentials",
        "schedule": crontab(hour=4, minute=30),
    },
    "purge-organisation-tokens": {
        "task": "federation.purge_organisation_tokens",
        "schedule": crontab(hour=4, minute=30),
    },
    # Completed exchanges past the community's `auto_confirm_days`; hourly, so none waits a day longer.
    "auto-confirm-exchanges": in_every_active_community("timebank.auto_confirm_exchanges", crontab(minute=5)),
    "expire-listings": in_every_active_community("timebank.expire_listings", crontab(hour=3, minute=30)),
    # The 1,000th member is honoured even when approved by a path that did not grant it (issue #4).
    "member-number-milestones": in_every_active_community(
        "recognition.grant_member_number_milestones", crontab(hour=2, minute=15)
    ),
    # Late in the community's day (CELERY_TIMEZONE is Asia/Shanghai), so the snapshot holds the day's work;
    # a second run the same day keeps the first snapshot.
    "take-stats-snapshots": in_every_active_community(
        "recognition.take_stats_snapshot", crontab(hour=23, minute=45)
    ),
    "remind-unconfirmed-exchanges": in_every_active_community(
        "notifications.remind_unconfirmed_exchanges", crontab(hour=9, minute=0)
    ),
    "remind-upcoming-activities": in_every_active_community(
        "notifications.remind_upcoming_activities", crontab(minute=20)
    ),
    # The same purge in each community's own tables.
    "purge-member-credentials": in_every_active_community(
        "members.purge_credentials", crontab(hour=4, minute=30)
    ),
    # The council's deadlines (issue 13): motions nobody seconded in time lapse; follow-ups due are told.
    "lapse-unseconded-motions": in_every_active_community(
        "council.lapse_unseconded_motions", crontab(hour=1, minute=30)
    ),
    "remind-council-follow-ups": in_every_active_community(
        "council.remind_follow_ups", crontab(hour=9, minute=10)
    ),
    # Catches notifications whose delivery task was lost (the broker was down at commit time).
    "deliver-pending-notifications": in_every_active_community(
        "notifications.deliver_pending", crontab(minute="*/10")
    ),
}
