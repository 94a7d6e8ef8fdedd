"""The street office's comparison (issue 14): the daily snapshot copies its figures to a public roll-up,
and streetOfficeStats reads every community's newest row from it in one query."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.platform.communities.models import Community, CommunityDailyFigures
from sharepool.platform.federation.actors import street_office_actor
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.stats import daily_history, street_office_stats
from sharepool.tenants.stats.services import do_take_stats_snapshot
from tests.conftest import make_community
from tests.tenants.cast import give
from tests.tenants.recognition.test_recognition import serve

ROLLED_UP = (
    "members",
    "active_members_30_days",
    "minutes_served",
    "minutes_served_this_month",
    "exchanges",
    "activities_held",
)


def rolled_up(slug: str) -> list[tuple]:
    return list(
        CommunityDailyFigures.objects.filter(community__slug=slug)
        .order_by("day")
        .values_list("day", *ROLLED_UP)
    )


def office_of(slug: str):
    return street_office_actor(Community.objects.get(slug=slug).street_office_id)


def test_the_daily_snapshot_writes_the_community_figures_to_the_public_roll_up(world):
    # given: Bob serves Alice 90 minutes in Beizhan
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 120)
    serve(bob, alice, 90, "s1")
    now = timezone.now()

    # when
    snapshot = do_take_stats_snapshot(now=now)

    # then: 7 members, Alice and Bob active, one exchange of 90 minutes this month; Minle has nothing
    day = timezone.localdate(now)
    assert rolled_up("beizhan") == [(day, 7, 2, 90, 90, 1, 0)]
    assert (snapshot.active_members_30_days, snapshot.exchanges, snapshot.minutes_served_this_month) == (
        2,
        1,
        90,
    )
    assert rolled_up("minle") == []
    assert world.minle_untouched()


def test_a_second_snapshot_the_same_day_keeps_the_first_figures_in_the_roll_up(world):
    # given: the morning's snapshot, then an exchange
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 120)
    morning = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    do_take_stats_snapshot(now=morning)
    serve(bob, alice, 60, "s1")

    # when
    do_take_stats_snapshot(now=morning.replace(hour=23))
    do_take_stats_snapshot(now=morning + timedelta(days=1))

    # then
    assert [row[1:] for row in rolled_up("beizhan")] == [(7, 0, 0, 0, 0, 0), (7, 2, 60, 60, 1, 0)]


def snapshots_in_both(world):
    """Beizhan: 7 members, one exchange of 90 minutes; Minle: 7 members, none; both taken today."""
    give(world.cast.alice, 120)
    serve(world.cast.bob, world.cast.alice, 90, "s1")
    now = timezone.now()
    do_take_stats_snapshot(now=now)
    with schema_context(world.minle_schema):
        do_take_stats_snapshot(now=now)
    connection.set_schema_to_public()  # where the platform's code runs


def test_street_office_stats_show_each_communitys_newest_snapshot_figures(world):
    # given: yesterday's figures in the roll-up, and today's snapshots
    beizhan = Community.objects.get(slug="beizhan")
    CommunityDailyFigures.objects.create(
        community=beizhan, day=timezone.localdate() - timedelta(days=1), members=3, minutes_served=0
    )
    snapshots_in_both(world)

    # when
    stats = street_office_stats(actor=office_of("beizhan"))

    # then: today's rows; 7 members of 72,000 residents are 0.1 per thousand
    rows = {row.community_name: row for row in stats.communities}
    assert [name for name in rows] == ["北站社区", "民乐社区", "区级单位"][: len(rows)]
    assert (rows["北站社区"].members, rows["北站社区"].exchanges, rows["北站社区"].hours_served) == (7, 1, 1)
    assert rows["北站社区"].members_per_thousand == Decimal("0.10")
    assert (rows["民乐社区"].members, rows["民乐社区"].exchanges, rows["民乐社区"].minutes_served) == (
        7,
        0,
        0,
    )
    assert rows["民乐社区"].members_per_thousand == Decimal("0.18")  # 7 of 38,000
    assert (stats.total.members, stats.total.minutes_served, stats.total.exchanges) == (14, 90, 1)


def test_a_community_without_a_snapshot_shows_no_figures_rather_than_zero(beizhan, minle):
    # when
    stats = street_office_stats(actor=office_of("beizhan"))

    # then
    assert [(row.community_name, row.members, row.members_per_thousand) for row in stats.communities] == [
        ("北站社区", None, None),
        ("民乐社区", None, None),
    ]


def test_the_figures_sort_by_any_column_either_way(world):
    # given
    snapshots_in_both(world)

    # when
    by_exchanges = street_office_stats(actor=office_of("beizhan"), order_by="-exchanges")
    by_rate = street_office_stats(actor=office_of("beizhan"), order_by="members_per_thousand")
    by_rate_desc = street_office_stats(actor=office_of("beizhan"), order_by="-members_per_thousand")

    # then
    assert [row.community_name for row in by_exchanges.communities] == ["北站社区", "民乐社区"]
    assert [row.community_name for row in by_rate.communities] == ["北站社区", "民乐社区"]
    assert [row.community_name for row in by_rate_desc.communities] == ["民乐社区", "北站社区"]


def test_an_unknown_sort_column_is_refused_with_its_code(beizhan, minle):
    with pytest.raises(FederationError) as refused:
        street_office_stats(actor=office_of("beizhan"), order_by="password")
    assert refused.value.code == FederationErrorCode.ORDER_INVALID
    assert refused.value.field == "orderBy"


def test_another_street_office_sees_neither_the_figures_nor_the_history(world):
    # given
    snapshots_in_both(world)
    make_community("qinghu", "清湖社区", street_office="龙华街道")

    # when
    with pytest.raises(FederationError) as refused:
        street_office_stats(
            actor=office_of("qinghu"), street_office_id=Community.objects.get(slug="beizhan").street_office_id
        )
    own = street_office_stats(actor=office_of("qinghu"))

    # then
    assert refused.value.code == FederationErrorCode.STREET_OFFICE_NOT_FOUND
    assert [(row.community_name, row.members) for row in own.communities] == [("清湖社区", None)]


def test_reading_the_figures_costs_the_same_queries_for_two_communities_or_six(world):
    # given
    snapshots_in_both(world)
    actor = office_of("beizhan")
    street_office_stats(actor=actor)
    with CaptureQueriesContext(connection) as two:
        street_office_stats(actor=actor, order_by="-members")
    for slug in ("xinyi", "xiner", "xinsan", "xinsi"):
        with schema_context(make_community(slug, population=1000).schema_name):
            do_take_stats_snapshot(now=timezone.now())

    # when: after a first call, which sets the search path again
    street_office_stats(actor=actor)
    with CaptureQueriesContext(connection) as six:
        stats = street_office_stats(actor=actor, order_by="-members")

    # then
    assert len(stats.communities) == 6
    assert len(six) == len(two)


def test_the_office_history_adds_up_its_communities_per_day(world):
    # given
    snapshots_in_both(world)
    ids = list(Community.objects.filter(slug__in=["beizhan", "minle"]).values_list("id", flat=True))

    # when
    history = daily_history(community_ids=ids, since=timezone.localdate() - timedelta(days=30))

    # then
    assert [(d.members, d.active_members_30_days, d.minutes_served, d.exchanges) for d in history] == [
        (14, 2, 90, 1)
    ]
