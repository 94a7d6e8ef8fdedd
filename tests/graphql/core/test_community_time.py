"""Times go out in the community's own time zone (issue 10): the 4:30 classroom reads 16:30+08:00 in
Beizhan, not 08:30+00:00, so a client that shows the clock time shows what the residents expect."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django_tenants.utils import schema_context

from sharepool.platform.communities.models import Community
from sharepool.tenants.activities.services import do_create_activity
from sharepool.tenants.members.models import Member
from sharepool.tenants.timebank.models import Category
from tests.graphql.conftest import add_member, gql, token_for

ACTIVITIES = "{ activities(limit: 5) { items { title startsAt endsAt checkInOpensAt } } }"


def classroom(schema_name: str, starts: datetime):
    with schema_context(schema_name):
        organiser = Member.objects.get(role=Member.Role.ADMIN)
        return do_create_activity(
            actor_id=organiser.id,
            title="四点半课堂",
            category_id=Category.objects.get(code="childcare-tutoring").id,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="社区党群服务中心",
            capacity=10,
            minutes_credited=120,
        )


def next_half_past_four(zone: ZoneInfo) -> datetime:
    tomorrow = datetime.now(zone) + timedelta(days=1)
    return tomorrow.replace(hour=16, minute=30, second=0, microsecond=0)


def test_times_go_out_with_the_communitys_offset(beizhan, minle):
    # given: Beizhan keeps Beijing time; Minle is set (for the test) to a zone half an hour off the hour
    Community.objects.filter(slug="minle").update(timezone="Asia/Kolkata")
    beijing, kolkata = ZoneInfo("Asia/Shanghai"), ZoneInfo("Asia/Kolkata")
    classroom(beizhan.schema_name, next_half_past_four(beijing))
    classroom(minle.schema_name, next_half_past_four(kolkata))
    here = token_for(beizhan.schema_name, add_member(beizhan.schema_name, "zhaofang"))
    there = token_for(minle.schema_name, add_member(minle.schema_name, "minle-resident"))
    connection.set_schema_to_public()

    # when
    beizhan_items = gql("beizhan.localhost", ACTIVITIES, token=here).json()["data"]["activities"]["items"]
    minle_items = gql("minle.localhost", ACTIVITIES, token=there).json()["data"]["activities"]["items"]

    # then: each community's clock time and offset; the same instants as stored
    [ours], [theirs] = beizhan_items, minle_items
    assert ours["startsAt"].endswith("T16:30:00+08:00")
    assert ours["endsAt"].endswith("T18:30:00+08:00")
    assert ours["checkInOpensAt"].endswith("T15:30:00+08:00")
    assert theirs["startsAt"].endswith("T16:30:00+05:30")
    assert datetime.fromisoformat(ours["startsAt"]) == next_half_past_four(beijing)


def test_a_time_sent_in_with_any_offset_comes_back_in_the_communitys(beizhan, minle):
    # given: a coordinator's client sends the start in UTC
    worker = add_member(beizhan.schema_name, "shegong", role=Member.Role.WORKER)
    token = token_for(beizhan.schema_name, worker)
    with schema_context(beizhan.schema_name):
        category = Category.objects.get(code="childcare-tutoring").id
    starts = next_half_past_four(ZoneInfo("Asia/Shanghai")).astimezone(ZoneInfo("UTC"))
    connection.set_schema_to_public()

    # when
    created = gql(
        "beizhan.localhost",
        "mutation($input: CreateActivityInput!) { createActivity(input: $input) {"
        " activity { startsAt } errors { code } } }",
        {
            "input": {
                "title": "四点半课堂",
                "categoryId": category,
                "startsAt": starts.isoformat(),
                "endsAt": (starts + timedelta(hours=2)).isoformat(),
                "place": "社区党群服务中心",
                "capacity": 10,
                "minutesCredited": 120,
            }
        },
        token=token,
    ).json()["data"]["createActivity"]

    # then
    assert created["errors"] == []
    assert created["activity"]["startsAt"].endswith("T16:30:00+08:00")
    with schema_context(minle.schema_name):
        assert not Category.objects.get(code="childcare-tutoring").activities.exists()


def test_a_time_at_the_edge_of_the_calendar_goes_out_as_stored():
    # given: the last minute of year 9999 in UTC has no Beijing time (it would be year 10000)
    from datetime import UTC

    from sharepool.graphql.core.scalars import DateTime, times_in

    edge = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)

    # when
    with times_in(ZoneInfo("Asia/Shanghai")):
        sent = DateTime.serialize(edge)

    # then
    assert sent == "9999-12-31T23:59:00+00:00"
