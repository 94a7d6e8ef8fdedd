"""streetOfficeStats with the communities' own figures (issue 14), from the public roll-up."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.stats.services import do_take_stats_snapshot
from tests.conftest import make_community
from tests.graphql.conftest import gql

QUERY = """query ($order: String) {
  streetOfficeStats(orderBy: $order) {
    name
    communities { communityName members activeMembers30Days membersPerThousand minutesServed
                  minutesServedThisMonth activitiesHeld exchanges projects population }
    total { members }
  }
}"""


def snapshot(slug: str) -> None:
    with schema_context(f"c_{slug}"):
        do_take_stats_snapshot(now=timezone.now())


def test_staff_read_their_communities_figures_sorted_as_asked(platform_tokens):
    # given: Beizhan and Minle have their first admin only; Qinghu (龙华街道) too
    for slug in ("beizhan", "minle", "qinghu"):
        snapshot(slug)

    # when
    body = gql("localhost", QUERY, {"order": "-membersPerThousand"}, token=platform_tokens["minzhi"]).json()

    # then: one member of 38,000 (Minle) is more per thousand than one of 72,000 (Beizhan)
    stats = body["data"]["streetOfficeStats"]
    assert stats["name"] == "民治街道"
    assert [row["communityName"] for row in stats["communities"]] == ["民乐社区", "北站社区"]
    assert stats["communities"][1] == {
        "communityName": "北站社区",
        "members": 1,
        "activeMembers30Days": 0,
        "membersPerThousand": 0.01,
        "minutesServed": 0,
        "minutesServedThisMonth": 0,
        "activitiesHeld": 0,
        "exchanges": 0,
        "projects": 0,
        "population": 72_000,
    }
    assert stats["total"] == {"members": 2}


def test_another_street_offices_staff_see_only_their_own(platform_tokens):
    # given
    for slug in ("beizhan", "minle", "qinghu"):
        snapshot(slug)

    # when
    body = gql("localhost", QUERY, token=platform_tokens["longhua"]).json()

    # then
    names = [row["communityName"] for row in body["data"]["streetOfficeStats"]["communities"]]
    assert names == ["清湖社区"]


def test_an_unknown_order_is_answered_with_its_code(platform_tokens):
    body = gql("localhost", QUERY, {"order": "secret"}, token=platform_tokens["minzhi"]).json()

    assert body["data"]["streetOfficeStats"] is None
    assert body["errors"][0]["extensions"]["code"] == "order_invalid"


def test_the_query_costs_the_same_for_two_communities_or_five(platform_tokens):
    # given
    for slug in ("beizhan", "minle"):
        snapshot(slug)
    token = platform_tokens["minzhi"]
    gql("localhost", QUERY, token=token)
    with CaptureQueriesContext(connection) as two:
        gql("localhost", QUERY, token=token)
    for slug in ("xinyi", "xiner", "xinsan"):
        make_community(slug, population=1000)
        snapshot(slug)

    # when
    gql("localhost", QUERY, token=token)
    with CaptureQueriesContext(connection) as five:
        body = gql("localhost", QUERY, token=token).json()

    # then
    assert len(body["data"]["streetOfficeStats"]["communities"]) == 5
    assert len(five) == len(two)
