"""Daily statistics snapshots (issue 6): today's `community_stats`, taken once a day in each community."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.platform.celery import app as celery_app
from sharepool.platform.communities.tasks import run_in_every_active_community
from sharepool.tenants.stats.models import StatsSnapshot
from sharepool.tenants.stats.services import community_stats, do_take_stats_snapshot, stats_history
from tests.tenants.cast import give
from tests.tenants.recognition.test_recognition import serve

FIGURES = (
    "day",
    "members",
    "active_members_90_days",
    "minutes_served",
    "minutes_in_circulation",
    "population",
    "participation_rate",
    "taken_at",
)


def figures(schema_name: str) -> list[tuple]:
    with schema_context(schema_name):
        return list(StatsSnapshot.objects.order_by("day").values_list(*FIGURES))


def this_morning():
    return timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)


def test_a_snapshot_holds_the_statistics_of_that_moment(world):
    # given: Alice has 2 hours, Bob serves her 90 minutes
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 120)
    serve(bob, alice, 90, "s1")
    now = timezone.now()

    # when
    snapshot = do_take_stats_snapshot(now=now)

    # then
    stats = community_stats(now=now)
    assert snapshot.day == timezone.localdate(now)
    assert snapshot.taken_at == now
    assert snapshot.members == stats.members == 7
    assert snapshot.active_members_90_days == stats.active_members_90_days == 2
    assert snapshot.minutes_served == stats.minutes_served == 90
    assert snapshot.minutes_in_circulation == stats.minutes_in_circulation == 120
    assert snapshot.population == stats.population == 72_000
    assert snapshot.participation_rate == stats.participation_rate == Decimal("0.0001")  # 7 / 72,000
    assert StatsSnapshot.objects.count() == 1
    assert figures(world.minle_schema) == []
    assert world.minle_untouched()


def test_a_second_run_the_same_day_changes_nothing_and_the_next_day_takes_a_new_one(world):
    # given: the morning's snapshot, then more service during the day
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 120)
    morning = this_morning()
    first = do_take_stats_snapshot(now=morning)
    before = figures(connection.schema_name)
    serve(bob, alice, 60, "s1")

    # when
    again = do_take_stats_snapshot(now=morning.replace(hour=23, minute=50))
    after_second_run = figures(connection.schema_name)
    tomorrow = do_take_stats_snapshot(now=morning + timedelta(days=1))

    # then
    assert again.id == first.id
    assert after_second_run == before
    assert [row[:5] for row in before] == [(morning.date(), 7, 0, 0, 120)]
    assert StatsSnapshot.objects.count() == 2
    assert (tomorrow.day, tomorrow.minutes_served, tomorrow.active_members_90_days) == (
        morning.date() + timedelta(days=1),
        60,
        2,
    )
    assert figures(world.minle_schema) == []
    assert world.minle_untouched()


def test_a_snapshot_in_beizhan_does_not_appear_in_minle(world):
    # given: a snapshot in beizhan, after 90 minutes of service there
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 120)
    serve(bob, alice, 90, "s1")
    now = timezone.now()
    do_take_stats_snapshot(now=now)

    # when
    with schema_context(world.minle_schema):
        minle_history = stats_history(days=30, today=timezone.localdate(now))

    # then
    assert minle_history == []
    assert figures(world.minle_schema) == []
    assert [s.minutes_served for s in stats_history(days=30, today=timezone.localdate(now))] == [90]
    assert world.minle_untouched()


def test_the_beat_fan_out_takes_one_snapshot_in_each_community_of_its_own_figures(world):
    # given: service in beizhan only; minle's Alice holds 600 minutes (seed_world)
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 120)
    serve(bob, alice, 90, "s1")
    celery_app.loader.import_default_modules()  # as a worker does: every app's tasks registered
    beizhan_schema = connection.schema_name
    connection.set_schema_to_public()  # beat runs in the public schema

    # when: eagerly here (no REDIS_URL), as beat's entry would
    queued = run_in_every_active_community("recognition.take_stats_snapshot")

    # then
    today = timezone.localdate()
    assert queued == 2
    assert [row[:5] for row in figures(beizhan_schema)] == [(today, 7, 2, 90, 120)]
    assert [row[:5] for row in figures(world.minle_schema)] == [(today, 7, 0, 0, 600)]
    assert [row[5:7] for row in figures(world.minle_schema)] == [(38_000, Decimal("0.0002"))]
