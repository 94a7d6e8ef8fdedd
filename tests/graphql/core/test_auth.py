"""Credentials: bearer tokens and session cookies, each accepted only on the host that issued it."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member, MemberToken
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import gql

ME = "{ me { displayName } }"
LOGIN = "mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token errors { code } } }"


def test_a_bearer_token_signs_the_request_in(beizhan, minle, sign_in):
    resident = sign_in("resident")

    response = gql("beizhan.localhost", ME, token=resident.token)

    assert response.json() == {"data": {"me": {"displayName": "resident-active"}}}


def test_without_a_credential_me_is_null(beizhan):
    response = gql("beizhan.localhost", ME)

    assert response.status_code == 200
    assert response.json() == {"data": {"me": None}}


def test_a_token_from_another_community_is_refused_and_changes_nothing(beizhan, minle):
    # given: minle's admin signs in on minle's host
    issued = gql("minle.localhost", LOGIN, {"u": "admin", "p": TEST_PASSWORD}).json()["data"]["login"][
        "token"
    ]
    with schema_context(beizhan.schema_name):
        members_before = list(Member.objects.values_list("id", "status", "member_number"))

    # when: the token is sent to beizhan, for a read and for a write
    read = gql("beizhan.localhost", ME, token=issued)
    write = gql("beizhan.localhost", 'mutation { approveMember(id: "1") { errors { code } } }', token=issued)

    # then
    for response in (read, write):
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "token_invalid"
        assert "data" not in response.json()
    with schema_context(beizhan.schema_name):
        assert list(Member.objects.values_list("id", "status", "member_number")) == members_before
    assert gql("minle.localhost", ME, token=issued).json() == {"data": {"me": {"displayName": "管理员"}}}


def test_tokens_are_stored_hashed(beizhan, minle):
    issued = gql("beizhan.localhost", LOGIN, {"u": "admin", "p": TEST_PASSWORD}).json()["data"]["login"][
        "token"
    ]

    with schema_context(beizhan.schema_name):
        stored = MemberToken.objects.get()
    assert issued.startswith("spm_")
    assert issued not in stored.key_hash
    assert len(stored.key_hash) == 64
    with schema_context(minle.schema_name):
        assert MemberToken.objects.count() == 0


def test_an_expired_token_is_refused(beizhan, sign_in):
    resident = sign_in("resident")
    with schema_context(beizhan.schema_name):
        MemberToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = gql("beizhan.localhost", ME, token=resident.token)

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "token_invalid"


def test_logout_revokes_the_token(beizhan, minle, sign_in):
    # given
    resident = sign_in("resident")

    # when
    logout = gql("beizhan.localhost", "mutation { logout { ok errors { code } } }", token=resident.token)
    after = gql("beizhan.localhost", ME, token=resident.token)

    # then
    assert logout.json() == {"data": {"logout": {"ok": True, "errors": []}}}
    assert after.status_code == 401
    with schema_context(beizhan.schema_name):
        assert MemberToken.objects.get().revoked_at is not None


def test_a_malformed_authorization_header_is_refused(beizhan):
    response = gql("beizhan.localhost", ME, HTTP_AUTHORIZATION="Basic YWRtaW46eA==")

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "token_invalid"


def test_a_member_token_is_refused_on_the_platform_host_and_a_staff_token_on_a_community(
    beizhan, staff_token
):
    member_token = gql("beizhan.localhost", LOGIN, {"u": "admin", "p": TEST_PASSWORD}).json()["data"][
        "login"
    ]["token"]

    on_platform = gql("localhost", "{ me { username } }", token=member_token)
    on_community = gql("beizhan.localhost", ME, token=staff_token)

    assert on_platform.status_code == 401
    assert on_community.status_code == 401


def test_the_session_cookie_of_a_login_works_too(beizhan):
    # given: a browser signs in through the API
    browser = Client()
    gql("beizhan.localhost", LOGIN, {"u": "admin", "p": TEST_PASSWORD}, client=browser)

    # when
    response = gql("beizhan.localhost", ME, client=browser)

    # then
    assert response.json() == {"data": {"me": {"displayName": "管理员"}}}


def test_a_session_cookie_needs_the_csrf_token_a_bearer_token_does_not(beizhan, sign_in):
    # given: a browser with a session, and the same member's bearer token
    browser = Client(enforce_csrf_checks=True)
    with schema_context(beizhan.schema_name):
        assert browser.login(username="admin", password=TEST_PASSWORD)
    applicant = sign_in("resident", status=Member.Status.PENDING)
    approve = "mutation ($id: ID!) { approveMember(id: $id) { member { status } errors { code } } }"

    # when: the session alone (what a cross-site form would send)
    forged = gql("beizhan.localhost", approve, {"id": applicant.member.id}, client=browser)

    # then
    assert forged.status_code == 403
    assert forged.json()["errors"][0]["extensions"]["code"] == "csrf_failed"
    with schema_context(beizhan.schema_name):
        assert Member.objects.get(id=applicant.member.id).status == Member.Status.PENDING
