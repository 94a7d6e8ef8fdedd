"""Every community operation as every role (issue #3): allowed, or refused with the right code and no change."""

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member, MemberEvent, MemberToken
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import add_member, gql, token_for

ROLES = ["anonymous", "applicant", "resident", "collective", "coordinator", "worker", "admin"]
OK = "ok"
SIGN_IN = "authentication_required"
DENIED = "permission_denied"

# operation -> the outcome for each role, in ROLES order
EXPECTED = {
    "register": [OK, OK, OK, OK, OK, OK, OK],
    "login": [OK, OK, OK, OK, OK, OK, OK],
    "logout": [SIGN_IN, OK, OK, OK, OK, OK, OK],
    "me": [OK, OK, OK, OK, OK, OK, OK],
    "members": [SIGN_IN, DENIED, OK, OK, OK, OK, OK],
    "approveMember": [SIGN_IN, DENIED, DENIED, DENIED, DENIED, OK, OK],
    "rejectMember": [SIGN_IN, DENIED, DENIED, DENIED, DENIED, OK, OK],
    "notifications": [SIGN_IN, OK, OK, OK, OK, OK, OK],
    "notificationPreferences": [SIGN_IN, OK, OK, OK, OK, OK, OK],
    "markNotificationsRead": [SIGN_IN, OK, OK, OK, OK, OK, OK],
    "setNotificationPreference": [SIGN_IN, OK, OK, OK, OK, OK, OK],
    # an applicant reads only their own (issue 10: tests/graphql/community/test_applicants_read_only_their_own.py)
    "statsHistory": [SIGN_IN, DENIED, OK, OK, OK, OK, OK],
    # Residents check themselves in with the code (this activity does not exist); community workers
    # check others in (tests/graphql/platform/federation/test_federation_api.py, with a real activity).
    "checkInToProjectActivity": [SIGN_IN, DENIED] + ["activity_not_found"] * 3 + ["not_allowed"] * 2,
}

OPERATIONS = {
    "register": (
        "mutation ($input: RegisterInput!) { register(input: $input) { member { status } errors { code } } }",
        lambda target: {
            "input": {
                "username": "newcomer",
                "password": TEST_PASSWORD,
                "displayName": "新人",
                "phone": "13912345678",
            }
        },
    ),
    "login": (
        'mutation ($p: String!) { login(username: "target", password: $p) { token errors { code } } }',
        lambda target: {"p": TEST_PASSWORD},
    ),
    "logout": ("mutation { logout { ok errors { code } } }", lambda target: {}),
    "me": ("{ me { displayName } }", lambda target: {}),
    "members": ("{ members { totalCount } }", lambda target: {}),
    "approveMember": (
        "mutation ($id: ID!) { approveMember(id: $id) { member { status } errors { code } } }",
        lambda target: {"id": target.id},
    ),
    "rejectMember": (
        'mutation ($id: ID!) { rejectMember(id: $id, reason: "重复申请") { member { status } errors { code } } }',
        lambda target: {"id": target.id},
    ),
    "notifications": ("{ notifications { totalCount } }", lambda target: {}),
    "notificationPreferences": ("{ notificationPreferences { kind } }", lambda target: {}),
    "markNotificationsRead": (
        "mutation { markNotificationsRead { marked errors { code } } }",
        lambda target: {},
    ),
    "setNotificationPreference": (
        "mutation { setNotificationPreference(kind: MILESTONE_REACHED, inApp: true, byEmail: false) { errors { code } } }",
        lambda target: {},
    ),
    "statsHistory": ("{ statsHistory(days: 7) { day members } }", lambda target: {}),
    "checkInToProjectActivity": (
        'mutation { checkInToProjectActivity(activityId: "999999", code: "ABC234") { errors { code } } }',
        lambda target: {},
    ),
}


def state(schema_name: str) -> tuple:
    with schema_context(schema_name):
        return (
            list(Member.objects.order_by("id").values_list("id", "status", "member_number")),
            get_user_model().objects.count(),
            MemberEvent.objects.count(),
            list(MemberToken.objects.order_by("id").values_list("id", "revoked_at")),
        )


def outcome(operation: str, body: dict) -> str:
    if body.get("errors"):  # a query refused by a permission check
        return body["errors"][0]["extensions"]["code"]
    payload = body["data"][operation]
    if isinstance(payload, dict) and payload.get("errors"):
        return payload["errors"][0]["code"]
    return OK


@pytest.mark.parametrize("operation", list(EXPECTED))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_every_operation_as_every_role(beizhan, minle, operation, role_index):
    # given: a pending applicant "target" (acted on by approve/reject, signs in for login) and the caller
    role = ROLES[role_index]
    target = add_member(beizhan.schema_name, "target", status=Member.Status.PENDING)
    token = None
    if role == "applicant":
        token = token_for(beizhan.schema_name, add_member(beizhan.schema_name, "caller", status="pending"))
    elif role != "anonymous":
        token = token_for(beizhan.schema_name, add_member(beizhan.schema_name, "caller", role=role))
    minle_before = state(minle.schema_name)
    before = state(beizhan.schema_name)
    query, variables = OPERATIONS[operation]

    # when
    response = gql("beizhan.localhost", query, variables(target), token=token)

    # then
    assert response.status_code == 200
    expected = EXPECTED[operation][role_index]
    assert outcome(operation, response.json()) == expected
    if expected != OK or operation in ("me", "members"):
        assert state(beizhan.schema_name) == before
    assert state(minle.schema_name) == minle_before


@pytest.mark.parametrize("operation", list(EXPECTED))
def test_every_operation_refuses_another_communitys_token(beizhan, minle, operation):
    # given: a minle community admin's token, and beizhan's state
    minle_admin = token_for(minle.schema_name, add_member(minle.schema_name, "minle-admin", role="admin"))
    target = add_member(beizhan.schema_name, "target", status=Member.Status.PENDING)
    before = state(beizhan.schema_name), state(minle.schema_name)
    query, variables = OPERATIONS[operation]

    # when
    response = gql("beizhan.localhost", query, variables(target), token=minle_admin)

    # then
    assert response.status_code == 401
    assert response.json() == {
        "errors": [{"message": "该令牌在此无效，请重新登录。", "extensions": {"code": "token_invalid"}}]
    }
    assert (state(beizhan.schema_name), state(minle.schema_name)) == before
