"""Activities, recognitions and statistics through the community API."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.models import Activity
from sharepool.tenants.ledger.models import Account
from sharepool.tenants.timebank.models import Category
from tests.graphql.conftest import add_member, gql, token_for
from tests.tenants.cast import tenant_state

HOST = "beizhan.localhost"
CREATE = """mutation ($input: CreateActivityInput!) {
  createActivity(input: $input) { activity { id title capacity checkInCode } errors { field code } } }"""
SIGN_UP = "mutation ($a: ID!) { signUp(activityId: $a) { signUp { status } errors { code } } }"
CHECK_IN = """mutation ($a: ID!, $m: ID, $code: String) {
  checkIn(activityId: $a, memberId: $m, code: $code) { signUp { checkedInAt } errors { field code } } }"""
AWARD = """mutation ($a: ID!) {
  awardActivity(activityId: $a, idempotencyKey: "award-1") { awards { minutes member { id } } errors { code } } }"""
STATE = "{ activities(limit: 1) { items { state } } }"
STATS = """{ stats { members minutesServed hoursServed minutesServedActivities minutesInCirculation population
  participationRate membersByKind { key count } topCategories { name minutes } } }"""


def data(response, field):
    body = response.json()
    assert "errors" not in body, body
    return body["data"][field]


def test_the_classroom_from_creation_to_award_and_the_statistics(beizhan, minle):
    # given: a coordinator and three residents
    schema = beizhan.schema_name
    coordinator = add_member(schema, "li", role="coordinator")
    residents = [add_member(schema, f"r{n}") for n in range(3)]
    tokens = {m.id: token_for(schema, m) for m in [coordinator, *residents]}
    with schema_context(schema):
        tutoring = Category.objects.get(code="childcare-tutoring").id
    with schema_context(minle.schema_name):
        minle_before = tenant_state()
    # Starting in half an hour: sign-up still open, check-in open (an hour before), no award yet.
    starts = timezone.now() + timedelta(minutes=30)
    activity_input = {
        "title": "四点半课堂",
        "categoryId": tutoring,
        "startsAt": starts.isoformat(),
        "endsAt": (starts + timedelta(hours=2)).isoformat(),
        "place": "社区党群服务中心",
        "capacity": 2,
        "minutesCredited": 120,
    }

    # when
    created = data(
        gql(HOST, CREATE, {"input": activity_input}, token=tokens[coordinator.id]), "createActivity"
    )
    by_resident = data(
        gql(HOST, CREATE, {"input": activity_input}, token=tokens[residents[0].id]), "createActivity"
    )
    activity = created["activity"]["id"]
    statuses = [
        data(gql(HOST, SIGN_UP, {"a": activity}, token=tokens[r.id]), "signUp")["signUp"]["status"]
        for r in residents
    ]
    by_coordinator = data(
        gql(HOST, CHECK_IN, {"a": activity, "m": residents[0].id}, token=tokens[coordinator.id]), "checkIn"
    )
    wrong_code = data(
        gql(HOST, CHECK_IN, {"a": activity, "code": "XXXXXX"}, token=tokens[residents[1].id]), "checkIn"
    )
    by_code = data(
        gql(
            HOST,
            CHECK_IN,
            {"a": activity, "code": created["activity"]["checkInCode"]},
            token=tokens[residents[1].id],
        ),
        "checkIn",
    )
    too_early = data(gql(HOST, AWARD, {"a": activity}, token=tokens[coordinator.id]), "awardActivity")
    state_before = data(gql(HOST, STATE, token=tokens[residents[2].id]), "activities")
    with schema_context(schema):  # the class starts
        Activity.objects.filter(id=activity).update(starts_at=timezone.now() - timedelta(minutes=1))
    state_during = data(gql(HOST, STATE, token=tokens[residents[2].id]), "activities")
    awarded = data(gql(HOST, AWARD, {"a": activity}, token=tokens[coordinator.id]), "awardActivity")
    again = data(gql(HOST, AWARD, {"a": activity}, token=tokens[coordinator.id]), "awardActivity")
    stats = data(gql(HOST, STATS, token=tokens[residents[2].id]), "stats")

    # then
    assert created["errors"] == [] and len(created["activity"]["checkInCode"]) == 6
    assert by_resident["errors"] == [{"field": None, "code": "not_permitted"}]
    assert statuses == ["CONFIRMED", "CONFIRMED", "WAITING"]
    assert by_coordinator["errors"] == [] and by_code["errors"] == []
    assert wrong_code["errors"] == [{"field": "code", "code": "code_invalid"}]
    assert too_early == {"awards": None, "errors": [{"code": "activity_not_started"}]}
    assert [state_before["items"], state_during["items"]] == [
        [{"state": "UPCOMING"}],
        [{"state": "UNDER_WAY"}],
    ]
    assert [a["minutes"] for a in awarded["awards"]] == [120, 120]
    assert again["awards"] == awarded["awards"]
    with schema_context(schema):
        pool = Account.objects.get(kind="community_pool").balance
    assert pool == -240
    assert stats["minutesServed"] == stats["minutesServedActivities"] == 240 == stats["minutesInCirculation"]
    assert stats["hoursServed"] == "4"
    assert stats["members"] == 5 and stats["population"] == 72_000
    assert stats["participationRate"] == "0.0001"
    assert {"key": "individual", "count": 5} in stats["membersByKind"]
    assert stats["topCategories"] == [{"name": "托管与辅导", "minutes": 240}]
    with schema_context(minle.schema_name):
        assert tenant_state() == minle_before
