"""Every platform operation as every platform identity: anonymous, street-office staff, operator."""

import pytest

from sharepool.platform.accounts.models import StaffToken
from sharepool.platform.communities.models import Community
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import gql

ROLES = ["anonymous", "minzhi", "operator"]
OK = "ok"
EXPECTED = {
    "login": [OK, OK, OK],
    "logout": ["authentication_required", OK, OK],
    "me": [OK, OK, OK],
    "communities": ["authentication_required", OK, OK],
    "onboardCommunity": ["authentication_required", OK, OK],
    # Allowed for staff and operators; the domain then refuses (no Stripe call is made in this test).
    "startCheckout": ["authentication_required", "plan_unknown", "plan_unknown"],
    "openBillingPortal": ["authentication_required", "no_subscription", "no_subscription"],
    # Allowed for everyone signed in; the domain's access rule then answers (no such activity here;
    # with one: tests/graphql/platform/federation/test_federation_api.py).
    "checkInToProjectActivity": ["authentication_required", "activity_not_found", "activity_not_found"],
    # Operators only (issue 14).
    "createStreetOffice": ["authentication_required", "permission_denied", OK],
    "createStreetOfficeStaff": ["authentication_required", "permission_denied", "street_office_not_found"],
}
OPERATIONS = {
    "login": 'mutation ($p: String!) { login(username: "minzhi", password: $p) { token errors { code } } }',
    "logout": "mutation { logout { ok errors { code } } }",
    "me": "{ me { username } }",
    "communities": "{ communities { totalCount } }",
    "onboardCommunity": 'mutation { onboardCommunity(input: {slug: "xinniu", name: "新牛社区", streetOffice: "民治街道"}) { community { slug } errors { code } } }',
    "startCheckout": 'mutation { startCheckout(community: "beizhan", plan: "gold") { url errors { code } } }',
    "openBillingPortal": 'mutation { openBillingPortal(community: "beizhan") { url errors { code } } }',
    "checkInToProjectActivity": 'mutation { checkInToProjectActivity(activityId: "999999", communityId: "1", memberId: "1") { errors { code } } }',
    "createStreetOffice": 'mutation { createStreetOffice(name: "观澜街道") { streetOffice { name } errors { code } } }',
    "createStreetOfficeStaff": 'mutation { createStreetOfficeStaff(streetOfficeId: "999999999", username: "gl") { username errors { code } } }',
}


def outcome(operation: str, body: dict) -> str:
    if body.get("errors"):
        return body["errors"][0]["extensions"]["code"]
    payload = body["data"][operation]
    if isinstance(payload, dict) and payload.get("errors"):
        return payload["errors"][0]["code"]
    return OK


@pytest.mark.parametrize("operation", list(EXPECTED))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_every_platform_operation_as_every_identity(platform_tokens, operation, role_index):
    role = ROLES[role_index]
    token = platform_tokens.get(role)
    communities_before = list(Community.objects.order_by("id").values_list("slug", flat=True))
    revoked_before = StaffToken.objects.filter(revoked_at__isnull=False).count()

    response = gql(
        "localhost", OPERATIONS[operation], {"p": TEST_PASSWORD} if operation == "login" else {}, token=token
    )

    expected = EXPECTED[operation][role_index]
    assert outcome(operation, response.json()) == expected
    if expected != OK:
        assert list(Community.objects.order_by("id").values_list("slug", flat=True)) == communities_before
        assert StaffToken.objects.filter(revoked_at__isnull=False).count() == revoked_before


@pytest.mark.parametrize("operation", list(EXPECTED))
def test_every_platform_operation_refuses_a_community_token(platform_tokens, operation):
    from django_tenants.utils import schema_context

    from sharepool.platform.communities.models import Community as CommunityModel
    from sharepool.tenants.members.models import Member
    from sharepool.tenants.members.services import do_issue_member_token

    with schema_context(CommunityModel.objects.get(slug="beizhan").schema_name):
        member_token = do_issue_member_token(member=Member.objects.get(user__username="admin")).token
    communities_before = list(Community.objects.order_by("id").values_list("slug", flat=True))

    response = gql(
        "localhost",
        OPERATIONS[operation],
        {"p": TEST_PASSWORD} if operation == "login" else {},
        token=member_token,
    )

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "token_invalid"
    assert list(Community.objects.order_by("id").values_list("slug", flat=True)) == communities_before
