"""The console's activity and settings operations on the community API (issue 14): createActivitySeries,
markAttendance, awardAttendees, setAutoConfirmDelay. The same domain calls as the /staff/ pages: a
resident is refused with `not_permitted`, bad input with its code, and either way nothing changes; an id
of the second community names nothing here."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.models import Activity, ActivityAward, ActivitySeries
from sharepool.tenants.activities.services import do_create_activity, do_sign_up
from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.members.models import CommunitySettings, Member
from sharepool.tenants.timebank.models import Category
from tests.graphql.conftest import add_member, gql, token_for
from tests.tenants.cast import balance, tenant_state

HOST = "beizhan.localhost"

SERIES = """mutation ($input: CreateActivitySeriesInput!) {
  createActivitySeries(input: $input) {
    series { title weekdays startsAtTime firstDay lastDay activities { startsAt seriesId } }
    errors { field code } } }"""
MARK = """mutation ($a: ID!, $m: [ID!]!) {
  markAttendance(activityId: $a, memberIds: $m) { signUps { status } errors { field code } } }"""
AWARD = """mutation ($a: ID!, $awards: [AttendeeAwardInput!]!, $k: String!) {
  awardAttendees(activityId: $a, awards: $awards, idempotencyKey: $k) {
    awards { minutes member { displayName } } errors { field code } } }"""
AUTO = "mutation ($d: Int!) { setAutoConfirmDelay(days: $d) { autoConfirmDays errors { field code } } }"


def state() -> dict:
    return {
        **tenant_state(),
        "activities": sorted(Activity.objects.values_list("id", "status")),
        "series": ActivitySeries.objects.count(),
        "audit": CommunityAuditEntry.objects.count(),
        "auto_confirm_days": CommunitySettings.load().auto_confirm_days,
    }


def cast_of(community) -> dict:
    schema = community.schema_name
    alice = add_member(schema, f"alice-{schema}", display_name="张阿姨")
    bob = add_member(schema, f"bob-{schema}", display_name="刘师傅")
    worker = add_member(schema, f"worker-{schema}", role="worker")
    admin = add_member(schema, f"admin-{schema}", role="admin")
    with schema_context(schema):
        start = timezone.now() - timedelta(minutes=10)
        category = Category.objects.get(code="childcare-tutoring").id
        activity = do_create_activity(
            actor_id=worker.id,
            title="四点半课堂",
            category_id=category,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="北站小学",
            capacity=10,
            minutes_credited=90,
        )
        for member in (alice, bob):
            do_sign_up(actor_id=member.id, activity_id=activity.id, now=start - timedelta(days=1))
    return {
        "alice": alice,
        "bob": bob,
        "category": category,
        "activity": activity.id,
        "tokens": {
            name: token_for(schema, m) for name, m in [("alice", alice), ("worker", worker), ("admin", admin)]
        },
    }


def payload(response, field) -> dict:
    body = response.json()
    assert "errors" not in body, body
    return body["data"][field]


def codes(result) -> list[str]:
    return [error["code"] for error in result["errors"]]


def series_input(category, **changes) -> dict:
    return {
        "input": {
            "title": "四点半课堂",
            "categoryId": str(category),
            "place": "北站小学",
            "capacity": 20,
            "minutesCredited": 90,
            "weekdays": [1, 2, 3, 4, 5],
            "startsAtTime": "16:30:00",
            "durationMinutes": 90,
            "firstDay": "2026-03-02",
            "weeks": 1,
            **changes,
        }
    }


def test_a_worker_makes_a_series_and_a_resident_cannot(beizhan, minle):
    cast = cast_of(beizhan)
    cast_of(minle)
    with schema_context(minle.schema_name):
        minle_before = state()
    with schema_context(beizhan.schema_name):
        before = state()

    by_resident = payload(
        gql(HOST, SERIES, series_input(cast["category"]), token=cast["tokens"]["alice"]),
        "createActivitySeries",
    )
    no_end = payload(
        gql(HOST, SERIES, series_input(cast["category"], weeks=None), token=cast["tokens"]["worker"]),
        "createActivitySeries",
    )
    with schema_context(beizhan.schema_name):
        unchanged = state()
    made = payload(
        gql(HOST, SERIES, series_input(cast["category"]), token=cast["tokens"]["worker"]),
        "createActivitySeries",
    )

    assert codes(by_resident) == ["not_permitted"]
    assert no_end["errors"] == [{"field": "until", "code": "series_end_invalid"}]
    assert unchanged == before
    series = made["series"]
    assert series["weekdays"] == [1, 2, 3, 4, 5] and series["startsAtTime"] == "16:30:00"
    assert (series["firstDay"], series["lastDay"]) == ("2026-03-02", "2026-03-06")
    assert len(series["activities"]) == 5 and all(a["seriesId"] for a in series["activities"])
    assert series["activities"][0]["startsAt"] == "2026-03-02T16:30:00+08:00"  # in the community's time
    with schema_context(minle.schema_name):
        assert state() == minle_before
    # and a member reads the series from any of its activities; Minle has no such series
    series_id = series["activities"][0]["seriesId"]
    read = "query ($id: ID!) { activitySeries(id: $id) { title lastDay activities { id } } }"
    seen = gql(HOST, read, {"id": series_id}, token=cast["tokens"]["alice"]).json()["data"]["activitySeries"]
    assert seen["title"] == "四点半课堂" and len(seen["activities"]) == 5
    minle_token = cast_of_minle_token(minle)
    assert (
        gql("minle.localhost", read, {"id": series_id}, token=minle_token).json()["data"]["activitySeries"]
        is None
    )


def cast_of_minle_token(minle) -> str:
    """A member of Minle (the cast's resident), signed in there."""
    with schema_context(minle.schema_name):
        member = Member.objects.filter(status="active").order_by("id").first()
    return token_for(minle.schema_name, member)


def test_a_worker_marks_attendance_and_awards_minutes_per_attendee_once(beizhan, minle):
    cast, minle_cast = cast_of(beizhan), cast_of(minle)
    with schema_context(minle.schema_name):
        minle_before = state()
    worker, alice, bob = cast["tokens"]["worker"], cast["alice"], cast["bob"]
    activity = cast["activity"]

    refused = payload(
        gql(HOST, MARK, {"a": activity, "m": [alice.id]}, token=cast["tokens"]["alice"]), "markAttendance"
    )
    unknown = payload(
        gql(HOST, MARK, {"a": minle_cast["activity"] + 1000, "m": [alice.id]}, token=worker), "markAttendance"
    )
    marked = payload(
        gql(HOST, MARK, {"a": activity, "m": [alice.id, bob.id]}, token=worker), "markAttendance"
    )
    awards = {
        "a": activity,
        "awards": [{"memberId": alice.id, "minutes": 120}, {"memberId": bob.id, "minutes": 30}],
        "k": "day-1",
    }
    with schema_context(beizhan.schema_name):
        before_award = state()
    bad = payload(
        gql(HOST, AWARD, {**awards, "awards": [{"memberId": alice.id, "minutes": -5}]}, token=worker),
        "awardAttendees",
    )
    by_resident = payload(gql(HOST, AWARD, awards, token=cast["tokens"]["alice"]), "awardAttendees")
    with schema_context(beizhan.schema_name):
        assert state() == before_award
    paid = payload(gql(HOST, AWARD, awards, token=worker), "awardAttendees")
    again = payload(gql(HOST, AWARD, awards, token=worker), "awardAttendees")

    assert codes(refused) == ["not_permitted"]
    assert codes(unknown) == ["activity_not_found"]
    assert [s["status"] for s in marked["signUps"]] == ["CONFIRMED", "CONFIRMED"]
    assert bad["errors"] == [{"field": f"minutes-{alice.id}", "code": "minutes_invalid"}]
    assert codes(by_resident) == ["not_permitted"]
    assert sorted(a["minutes"] for a in paid["awards"]) == [30, 120] and again == paid
    with schema_context(beizhan.schema_name):
        assert (balance(alice), balance(bob)) == (120, 30)
        assert ActivityAward.objects.count() == 2
    with schema_context(minle.schema_name):
        assert state() == minle_before


def test_the_admin_sets_the_auto_confirmation_delay_and_a_worker_cannot(beizhan, minle):
    cast = cast_of(beizhan)
    cast_of(minle)
    with schema_context(beizhan.schema_name):
        before = state()

    by_worker = payload(gql(HOST, AUTO, {"d": 3}, token=cast["tokens"]["worker"]), "setAutoConfirmDelay")
    too_long = payload(gql(HOST, AUTO, {"d": 365}, token=cast["tokens"]["admin"]), "setAutoConfirmDelay")
    with schema_context(beizhan.schema_name):
        assert state() == before
    done = payload(gql(HOST, AUTO, {"d": 3}, token=cast["tokens"]["admin"]), "setAutoConfirmDelay")

    assert codes(by_worker) == ["not_permitted"]
    assert too_long["errors"] == [{"field": "days", "code": "auto_confirm_delay_invalid"}]
    assert done == {"autoConfirmDays": 3, "errors": []}
    with schema_context(beizhan.schema_name):
        assert CommunityAuditEntry.objects.filter(action="auto_confirm_delay_set").count() == 1
    with schema_context(minle.schema_name):
        assert CommunitySettings.load().auto_confirm_days == 7


MILESTONES = """mutation ($h: [Int!]!, $n: [Int!]!) {
  setMilestones(hours: $h, memberNumbers: $n) { hoursMilestones memberNumberMilestones errors { field code } } }"""


def test_the_admin_sets_the_milestones_and_a_worker_cannot(beizhan, minle):
    cast = cast_of(beizhan)
    cast_of(minle)
    with schema_context(beizhan.schema_name):
        before = state()

    by_worker = payload(
        gql(HOST, MILESTONES, {"h": [5], "n": [100]}, token=cast["tokens"]["worker"]), "setMilestones"
    )
    negative = payload(
        gql(HOST, MILESTONES, {"h": [-5], "n": [100]}, token=cast["tokens"]["admin"]), "setMilestones"
    )
    none = payload(gql(HOST, MILESTONES, {"h": [5], "n": []}, token=cast["tokens"]["admin"]), "setMilestones")
    with schema_context(beizhan.schema_name):
        assert state() == before
        assert CommunitySettings.load().hours_milestones == [10, 50, 100]
    done = payload(
        gql(HOST, MILESTONES, {"h": [50, 5], "n": [100]}, token=cast["tokens"]["admin"]), "setMilestones"
    )

    assert codes(by_worker) == ["not_permitted"]
    assert negative["errors"] == [{"field": "hours", "code": "milestones_invalid"}]
    assert none["errors"] == [{"field": "memberNumbers", "code": "milestones_invalid"}]
    assert done == {"hoursMilestones": [5, 50], "memberNumberMilestones": [100], "errors": []}
    with schema_context(minle.schema_name):
        assert CommunitySettings.load().hours_milestones == [10, 50, 100]
    # and every member reads the community's rules; a visitor does not
    read = (
        "{ communitySettings { checkInOpensMinutes autoConfirmDays hoursMilestones memberNumberMilestones } }"
    )
    seen = gql(HOST, read, token=cast["tokens"]["alice"]).json()["data"]["communitySettings"]
    assert seen == {
        "checkInOpensMinutes": 60,
        "autoConfirmDays": 7,
        "hoursMilestones": [5, 50],
        "memberNumberMilestones": [100],
    }
    assert gql(HOST, read).json()["errors"][0]["extensions"]["code"] == "authentication_required"
