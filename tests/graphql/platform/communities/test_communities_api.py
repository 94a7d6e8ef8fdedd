"""communities and onboardCommunity on the platform host, scoped by street office (STYLE.md 6)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sharepool.platform.communities.models import Community, Domain, StreetOffice
from tests.graphql.conftest import gql

COMMUNITIES = "query ($limit: Int) { communities(limit: $limit) { totalCount items { slug name status url streetOffice { name } } } }"
ONBOARD = """
mutation ($input: OnboardCommunityInput!) {
  onboardCommunity(input: $input) {
    community { slug name status url streetOffice { name } }
    adminUsername adminPassword
    errors { field code message }
  }
}"""


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["data"]["communities"]["items"]]


def public_state() -> tuple:
    return (
        list(Community.objects.order_by("id").values_list("slug", "status")),
        Domain.objects.count(),
        StreetOffice.objects.count(),
    )


def test_staff_see_their_street_offices_communities_and_an_operator_sees_all(platform_tokens):
    minzhi = gql("localhost", COMMUNITIES, token=platform_tokens["minzhi"])
    longhua = gql("localhost", COMMUNITIES, token=platform_tokens["longhua"])
    operator = gql("localhost", COMMUNITIES, token=platform_tokens["operator"])

    assert slugs(minzhi) == ["beizhan", "minle"]
    assert minzhi.json()["data"]["communities"]["items"][0] == {
        "slug": "beizhan",
        "name": "北站社区",
        "status": "ACTIVE",
        "url": "http://beizhan.localhost:8000/",
        "streetOffice": {"name": "民治街道"},
    }
    assert slugs(longhua) == ["qinghu"]
    assert slugs(operator) == ["beizhan", "minle", "qinghu"]


def test_anonymous_callers_see_no_communities(beizhan):
    response = gql("localhost", COMMUNITIES)

    assert response.json()["data"] == {"communities": None}
    assert response.json()["errors"][0]["extensions"]["code"] == "authentication_required"


def test_staff_onboard_a_community_for_their_own_street_office(platform_tokens):
    # when
    response = gql(
        "localhost",
        ONBOARD,
        {
            "input": {
                "slug": "xinniu",
                "name": "新牛社区",
                "population": 20000,
                "adminPassword": "xinniu-admin-2026",
            }
        },
        token=platform_tokens["minzhi"],
    )

    # then
    payload = response.json()["data"]["onboardCommunity"]
    assert payload == {
        "community": {
            "slug": "xinniu",
            "name": "新牛社区",
            "status": "ACTIVE",
            "url": "http://xinniu.localhost:8000/",
            "streetOffice": {"name": "民治街道"},
        },
        "adminUsername": "admin",
        "adminPassword": "xinniu-admin-2026",
        "errors": [],
    }
    login = gql(
        "xinniu.localhost",
        'mutation { login(username: "admin", password: "xinniu-admin-2026") { errors { code } } }',
    )
    assert login.json()["data"]["login"]["errors"] == []
    assert slugs(gql("localhost", COMMUNITIES, token=platform_tokens["longhua"])) == ["qinghu"]


def test_a_generated_admin_password_is_returned_once(platform_tokens):
    response = gql(
        "localhost",
        ONBOARD,
        {"input": {"slug": "xinniu", "name": "新牛社区"}},
        token=platform_tokens["minzhi"],
    )

    assert len(response.json()["data"]["onboardCommunity"]["adminPassword"]) >= 12


@pytest.mark.parametrize(
    ("who", "change", "field", "code"),
    [
        ("minzhi", {"streetOffice": "龙华街道"}, "streetOffice", "street_office_forbidden"),
        ("minzhi", {"slug": "beizhan"}, "slug", "slug_taken"),
        ("minzhi", {"slug": "x"}, "slug", "slug_too_short"),
        ("minzhi", {"slug": "admin"}, "slug", "slug_reserved"),
        ("minzhi", {"slug": "Bad_Slug"}, "slug", "slug_invalid"),
        ("minzhi", {"name": " "}, "name", "name_required"),
        ("minzhi", {"population": 0}, "population", "population_invalid"),
        ("minzhi", {"adminPassword": "123"}, "adminPassword", "admin_password_invalid"),
        ("operator", {}, "streetOffice", "street_office_required"),
    ],
)
def test_an_invalid_onboarding_is_refused_and_creates_nothing(platform_tokens, who, change, field, code):
    before = public_state()

    response = gql(
        "localhost",
        ONBOARD,
        {"input": {"slug": "xinniu", "name": "新牛社区"} | change},
        token=platform_tokens[who],
    )

    errors = response.json()["data"]["onboardCommunity"]["errors"]
    assert [(error["field"], error["code"]) for error in errors] == [(field, code)]
    assert public_state() == before


def test_an_operator_onboards_for_any_street_office(platform_tokens):
    response = gql(
        "localhost",
        ONBOARD,
        {"input": {"slug": "xinniu", "name": "新牛社区", "streetOffice": "龙华街道"}},
        token=platform_tokens["operator"],
    )

    assert response.json()["data"]["onboardCommunity"]["community"]["streetOffice"] == {"name": "龙华街道"}


def test_anonymous_callers_cannot_onboard(beizhan):
    before = public_state()

    response = gql(
        "localhost", ONBOARD, {"input": {"slug": "xinniu", "name": "新牛社区", "streetOffice": "民治街道"}}
    )

    assert response.json()["data"]["onboardCommunity"]["errors"][0]["code"] == "authentication_required"
    assert public_state() == before


def add_communities(count: int) -> None:
    """Rows only (no schemas): the list reads the public schema alone."""
    for n in range(count):
        office = StreetOffice.objects.create(name=f"街道{n}")
        Community.objects.create(
            schema_name=f"c_bulk{n}", slug=f"bulk{n}", name=f"社区{n}", street_office=office, status="active"
        )


def queries_for_communities(token: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = gql("localhost", COMMUNITIES, {"limit": 100}, token=token)
    reads = [query for query in queries.captured_queries if not query["sql"].startswith("SET search_path")]
    return len(reads), response.json()["data"]["communities"]["totalCount"]


def test_the_communities_list_costs_the_same_queries_for_2_and_for_50(beizhan, minle):
    # given: an operator and the two communities, each of them showing its street office
    from tests.graphql.platform.conftest import staff_token

    token = staff_token("operator", None)
    two = queries_for_communities(token)

    # when
    add_communities(48)
    fifty = queries_for_communities(token)

    # then
    assert (two[1], fifty[1]) == (2, 50)
    assert two[0] == fifty[0] == 3  # token, the page with its total (issue 15), street offices (one batch)


def test_a_lost_onboarding_answer_is_asked_again_with_its_key_and_shows_the_credentials_once_more(
    platform_tokens,
):
    # given: an onboarding with a key, whose answer the caller lost
    request = {"input": {"slug": "xinniu", "name": "新牛社区", "idempotencyKey": "onboard-xinniu-1"}}
    first = gql("localhost", ONBOARD, request, token=platform_tokens["minzhi"]).json()["data"][
        "onboardCommunity"
    ]

    # when: asked again, twice
    again = gql("localhost", ONBOARD, request, token=platform_tokens["minzhi"]).json()["data"][
        "onboardCommunity"
    ]
    third = gql("localhost", ONBOARD, request, token=platform_tokens["minzhi"]).json()["data"][
        "onboardCommunity"
    ]

    # then: one community; the same answer, the generated password shown this once more, then no more
    assert first["errors"] == [] and len(first["adminPassword"]) >= 12
    assert again == first
    assert third == {**first, "adminPassword": None}
    assert list(Community.objects.filter(slug="xinniu").values_list("status", flat=True)) == ["active"]
    login = gql(
        "xinniu.localhost",
        'mutation ($p: String!) { login(username: "admin", password: $p) { errors { code } } }',
        {"p": first["adminPassword"]},
    )
    assert login.json()["data"]["login"]["errors"] == []


def test_an_onboarding_key_reused_for_another_request_is_refused_and_changes_nothing(platform_tokens):
    # given
    gql(
        "localhost",
        ONBOARD,
        {"input": {"slug": "xinniu", "name": "新牛社区", "idempotencyKey": "k-1"}},
        token=platform_tokens["minzhi"],
    )
    before = public_state()

    # when: the same key for another community
    response = gql(
        "localhost",
        ONBOARD,
        {"input": {"slug": "baiyun", "name": "白云社区", "idempotencyKey": "k-1"}},
        token=platform_tokens["minzhi"],
    )

    # then
    payload = response.json()["data"]["onboardCommunity"]
    assert payload["community"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("idempotencyKey", "idempotency_key_reused")
    ]
    assert public_state() == before


def test_an_onboarding_key_is_the_accounts_own(platform_tokens):
    # given: staff of 民治街道 onboarded with a key
    gql(
        "localhost",
        ONBOARD,
        {"input": {"slug": "xinniu", "name": "新牛社区", "idempotencyKey": "k-1"}},
        token=platform_tokens["minzhi"],
    )

    # when: an operator sends the same key and input (for 民治街道)
    response = gql(
        "localhost",
        ONBOARD,
        {
            "input": {
                "slug": "xinniu",
                "name": "新牛社区",
                "streetOffice": "民治街道",
                "idempotencyKey": "k-1",
            }
        },
        token=platform_tokens["operator"],
    )

    # then: not the first caller's answer (nor its password): the slug is simply taken
    payload = response.json()["data"]["onboardCommunity"]
    assert payload["adminPassword"] is None
    assert [e["code"] for e in payload["errors"]] == ["slug_taken"]
