"""The statistics' daily snapshots through the community API (issue 6), for the charts."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.stats.models import StatsSnapshot
from sharepool.tenants.stats.services import do_take_stats_snapshot
from tests.graphql.conftest import add_member, gql, token_for

HOST = "beizhan.localhost"
HISTORY = """query ($days: Int) { statsHistory(days: $days) { day members activeMembers90Days minutesServed
  hoursServed minutesInCirculation population participationRate takenAt } }"""
DEFAULT_HISTORY = "{ statsHistory { day } }"


def snapshots(schema_name: str) -> list[tuple]:
    with schema_context(schema_name):
        return list(StatsSnapshot.objects.order_by("day").values_list("day", "members", "taken_at"))


def local_noon():
    return timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)


def take(schema_name: str, *days_ago: int) -> None:
    noon = local_noon()
    with schema_context(schema_name):
        for n in days_ago:
            do_take_stats_snapshot(now=noon - timedelta(days=n))


def test_a_member_reads_the_snapshots_newest_first_within_the_days_asked(beizhan, minle):
    # given: beizhan's snapshots of today, yesterday and 40 days ago; minle's of today and 2 days ago
    resident = add_member(beizhan.schema_name, "r1")
    token = token_for(beizhan.schema_name, resident)
    take(beizhan.schema_name, 0, 1, 40)
    take(minle.schema_name, 0, 2)
    today = timezone.localdate()

    # when
    default = gql(HOST, DEFAULT_HISTORY, token=token).json()
    year = gql(HOST, HISTORY, {"days": 366}, token=token).json()
    today_only = gql(HOST, HISTORY, {"days": 1}, token=token).json()
    beyond_cap = gql(HOST, HISTORY, {"days": 100_000}, token=token).json()

    # then
    assert [s["day"] for s in default["data"]["statsHistory"]] == [
        today.isoformat(),
        (today - timedelta(days=1)).isoformat(),
    ]
    assert [s["day"] for s in year["data"]["statsHistory"]] == [
        (today - timedelta(days=n)).isoformat() for n in (0, 1, 40)
    ]
    assert beyond_cap == year
    assert today_only["data"]["statsHistory"] == [
        {
            "day": today.isoformat(),
            "members": 2,  # the onboarding admin and the resident
            "activeMembers90Days": 0,
            "minutesServed": 0,
            "hoursServed": "0",
            "minutesInCirculation": 0,
            "population": 72_000,
            "participationRate": "0.0000",
            "takenAt": local_noon().isoformat(),  # 12:00 in Shanghai, sent with its offset
        }
    ]


def test_an_anonymous_caller_is_refused_and_nothing_changes(beizhan, minle):
    # given
    take(beizhan.schema_name, 0)
    before = snapshots(beizhan.schema_name), snapshots(minle.schema_name)

    # when
    body = gql(HOST, HISTORY, {"days": 30}).json()

    # then
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "authentication_required"
    assert (snapshots(beizhan.schema_name), snapshots(minle.schema_name)) == before
