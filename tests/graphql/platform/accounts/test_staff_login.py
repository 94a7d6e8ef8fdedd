"""Platform login, me and logout (public schema)."""

from django.contrib.auth import get_user_model

from sharepool.platform.accounts.models import StaffLoginAttempt, StaffToken
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import gql

LOGIN = """
mutation ($u: String!, $p: String!) {
  login(username: $u, password: $p) { token me { username isOperator streetOffice { name } } errors { field code message } }
}"""
ME = "{ me { username isOperator streetOffice { name } } }"


def test_street_office_staff_sign_in_and_see_themselves(platform_tokens):
    login = gql("localhost", LOGIN, {"u": "minzhi", "p": TEST_PASSWORD}).json()["data"]["login"]
    me = gql("localhost", ME, token=login["token"])

    assert login["errors"] == []
    assert login["token"].startswith("sps_")
    assert me.json() == {
        "data": {"me": {"username": "minzhi", "isOperator": False, "streetOffice": {"name": "民治街道"}}}
    }
    assert StaffToken.objects.filter(user__username="minzhi").count() == 2  # the fixture's and this one


def test_an_operator_has_no_street_office(platform_tokens):
    me = gql("localhost", ME, token=platform_tokens["operator"])

    assert me.json() == {"data": {"me": {"username": "operator", "isOperator": True, "streetOffice": None}}}


def test_a_community_member_cannot_sign_in_to_the_platform(beizhan):
    response = gql("localhost", LOGIN, {"u": "admin", "p": TEST_PASSWORD})

    assert response.json()["data"]["login"]["errors"][0]["code"] == "invalid_credentials"
    assert StaffToken.objects.count() == 0


def test_a_public_account_that_is_neither_staff_nor_operator_cannot_sign_in(db):
    get_user_model().objects.create_user(username="someone", password=TEST_PASSWORD)

    response = gql("localhost", LOGIN, {"u": "someone", "p": TEST_PASSWORD})

    assert response.json()["data"]["login"]["errors"][0]["code"] == "invalid_credentials"
    assert StaffToken.objects.count() == 0


def test_platform_login_is_rate_limited_per_account(platform_tokens, settings):
    for _attempt in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        gql("localhost", LOGIN, {"u": "minzhi", "p": "wrong"})
    tokens_before = StaffToken.objects.count()

    locked = gql("localhost", LOGIN, {"u": "minzhi", "p": TEST_PASSWORD})

    assert locked.json()["data"]["login"]["errors"][0]["code"] == "too_many_attempts"
    assert StaffToken.objects.count() == tokens_before
    assert StaffLoginAttempt.objects.filter(succeeded=False).count() == settings.LOGIN_FAILURES_PER_ACCOUNT


def test_platform_login_is_rate_limited_per_client_address(platform_tokens, settings):
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        gql("localhost", LOGIN, {"u": f"guess{n}", "p": "wrong"}, REMOTE_ADDR="10.2.2.2")

    same = gql("localhost", LOGIN, {"u": "minzhi", "p": TEST_PASSWORD}, REMOTE_ADDR="10.2.2.2")
    other = gql("localhost", LOGIN, {"u": "minzhi", "p": TEST_PASSWORD}, REMOTE_ADDR="10.2.2.3")

    assert same.json()["data"]["login"]["errors"][0]["code"] == "too_many_attempts"
    assert other.json()["data"]["login"]["errors"] == []


def test_logout_revokes_the_staff_token(platform_tokens):
    token = platform_tokens["minzhi"]

    logout = gql("localhost", "mutation { logout { ok errors { code } } }", token=token)
    after = gql("localhost", ME, token=token)

    assert logout.json() == {"data": {"logout": {"ok": True, "errors": []}}}
    assert after.status_code == 401
    assert after.json()["errors"][0]["extensions"]["code"] == "token_invalid"


def test_the_session_of_the_django_admin_works_on_the_platform_api(platform_tokens, client):
    assert client.login(username="operator", password=TEST_PASSWORD)

    response = gql("localhost", ME, client=client)

    assert response.json()["data"]["me"]["username"] == "operator"
