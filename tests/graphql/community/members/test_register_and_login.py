"""register, login, logout, me through the community API."""

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member, MemberLoginAttempt, MemberToken
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import gql

REGISTER = """
mutation ($input: RegisterInput!) {
  register(input: $input) {
    member { displayName status memberNumber phone building unit skills }
    errors { field code message }
  }
}"""
LOGIN = """
mutation ($u: String!, $p: String!) {
  login(username: $u, password: $p) { token expiresAt member { displayName role phone } errors { field code message } }
}"""
APPLICATION = {
    "username": "zhaofang",
    "password": TEST_PASSWORD,
    "displayName": "赵芳",
    "phone": "13912345678",
    "building": "3栋",
    "unit": "502",
    "skills": "会修电脑",
}


def accounts(schema_name: str) -> tuple:
    with schema_context(schema_name):
        return (
            list(Member.objects.order_by("id").values_list("user__username", "status")),
            get_user_model().objects.count(),
        )


def test_a_resident_applies(beizhan, minle):
    response = gql("beizhan.localhost", REGISTER, {"input": APPLICATION})

    assert response.json() == {
        "data": {
            "register": {
                "member": {
                    "displayName": "赵芳",
                    "status": "PENDING",
                    "memberNumber": None,
                    "phone": "139****5678",  # an anonymous caller is not the member
                    "building": "3栋",
                    "unit": "502",
                    "skills": "会修电脑",
                },
                "errors": [],
            }
        }
    }
    assert accounts(beizhan.schema_name)[0] == [("admin", "active"), ("zhaofang", "pending")]
    assert accounts(minle.schema_name)[0] == [("admin", "active")]


@pytest.mark.parametrize(
    ("change", "field", "code", "message"),
    [
        ({"displayName": ""}, "displayName", "name_required", "请填写您的姓名。"),
        ({"username": ""}, "username", "username_required", "请选择一个用户名。"),
        ({"username": "a b"}, "username", "username_invalid", "用户名只能包含字母、数字和 @/./+/-/_。"),
        ({"username": "admin"}, "username", "username_taken", "该用户名已被使用。"),
        ({"phone": "8888"}, "phone", "phone_invalid", "请输入 11 位手机号码。"),
        ({"password": "password"}, "password", "password_invalid", "这个密码太常见了。"),
        # issue 10: names folded by NFKC and case; no password of spaces; no lone surrogate
        ({"username": "ＡＤＭＩＮ"}, "username", "username_taken", "该用户名已被使用。"),
        ({"username": "Admin"}, "username", "username_taken", "该用户名已被使用。"),
        ({"password": " " * 16}, "password", "password_invalid", "密码不能只由空格组成。"),
        ({"username": "zhao\ud800"}, "username", "text_invalid", "文本不能包含孤立的代理字符。"),
    ],
)
def test_an_invalid_application_is_refused_in_chinese_and_stores_nothing(
    beizhan, change, field, code, message
):
    before = accounts(beizhan.schema_name)

    response = gql("beizhan.localhost", REGISTER, {"input": APPLICATION | change})

    assert response.json()["data"]["register"] == {
        "member": None,
        "errors": [{"field": field, "code": code, "message": message}],
    }
    assert accounts(beizhan.schema_name) == before


def test_the_same_username_may_apply_in_two_communities(beizhan, minle):
    gql("minle.localhost", REGISTER, {"input": APPLICATION})

    response = gql("beizhan.localhost", REGISTER, {"input": APPLICATION})

    assert response.json()["data"]["register"]["errors"] == []
    assert accounts(minle.schema_name)[0] == [("admin", "active"), ("zhaofang", "pending")]


def test_login_returns_a_token_and_the_member_unmasked_to_themself(beizhan):
    response = gql("beizhan.localhost", LOGIN, {"u": "admin", "p": TEST_PASSWORD})

    login = response.json()["data"]["login"]
    assert login["errors"] == []
    assert login["member"] == {"displayName": "管理员", "role": "ADMIN", "phone": ""}
    assert login["token"].startswith("spm_") and login["expiresAt"]
    me = gql("beizhan.localhost", "{ me { displayName } }", token=login["token"])
    assert me.json() == {"data": {"me": {"displayName": "管理员"}}}


def test_a_wrong_password_is_refused_in_english_when_asked(beizhan):
    response = gql("beizhan.localhost", LOGIN, {"u": "admin", "p": "nope"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["data"]["login"] == {
        "token": None,
        "expiresAt": None,
        "member": None,
        "errors": [{"field": None, "code": "invalid_credentials", "message": "Wrong username or password."}],
    }
    with schema_context(beizhan.schema_name):
        assert MemberToken.objects.count() == 0
        assert list(MemberLoginAttempt.objects.values_list("username", "address", "succeeded")) == [
            ("admin", "127.0.0.1", False)
        ]


def test_another_communitys_password_does_not_open_this_one(beizhan, minle):
    # given: a resident of minle only
    gql("minle.localhost", REGISTER, {"input": APPLICATION})

    # when
    response = gql("beizhan.localhost", LOGIN, {"u": "zhaofang", "p": TEST_PASSWORD})

    # then
    assert response.json()["data"]["login"]["errors"][0]["code"] == "invalid_credentials"
    with schema_context(beizhan.schema_name):
        assert MemberToken.objects.count() == 0


def test_login_is_rate_limited_per_account(beizhan, settings):
    for _attempt in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        gql("beizhan.localhost", LOGIN, {"u": "admin", "p": "nope"})

    locked = gql("beizhan.localhost", LOGIN, {"u": "admin", "p": TEST_PASSWORD})

    assert locked.json()["data"]["login"]["errors"] == [
        {"field": None, "code": "too_many_attempts", "message": "失败次数过多，请几分钟后再试。"}
    ]
    with schema_context(beizhan.schema_name):
        assert MemberToken.objects.count() == 0


def test_login_is_rate_limited_per_client_address(beizhan, settings):
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        gql("beizhan.localhost", LOGIN, {"u": f"guess{n}", "p": "nope"}, REMOTE_ADDR="10.1.1.1")

    same_address = gql("beizhan.localhost", LOGIN, {"u": "admin", "p": TEST_PASSWORD}, REMOTE_ADDR="10.1.1.1")
    other_address = gql(
        "beizhan.localhost", LOGIN, {"u": "admin", "p": TEST_PASSWORD}, REMOTE_ADDR="10.1.1.2"
    )

    assert same_address.json()["data"]["login"]["errors"][0]["code"] == "too_many_attempts"
    assert other_address.json()["data"]["login"]["errors"] == []
    with schema_context(beizhan.schema_name):
        assert MemberToken.objects.count() == 1


def test_logout_needs_a_signed_in_member(beizhan):
    response = gql("beizhan.localhost", "mutation { logout { ok errors { code } } }")

    assert response.json()["data"]["logout"] == {"ok": None, "errors": [{"code": "authentication_required"}]}


def test_an_organisation_applies_as_a_collective_member(beizhan):
    application = APPLICATION | {
        "username": "sidian-ketang",
        "displayName": "四点半课堂",
        "kind": "COLLECTIVE",
    }
    query = "mutation ($input: RegisterInput!) { register(input: $input) { member { kind role status } errors { code } } }"

    response = gql("beizhan.localhost", query, {"input": application})

    assert response.json()["data"]["register"] == {
        "member": {"kind": "COLLECTIVE", "role": "COLLECTIVE", "status": "PENDING"},
        "errors": [],
    }
