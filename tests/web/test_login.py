"""/login/ and /logout/: session sign-in with the API's throttling, CSRF, per-community (issue 12)."""

from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member, MemberLoginAttempt
from tests.conftest import TEST_PASSWORD
from tests.web.conftest import add_member, host_client


def attempts(community) -> list[tuple[str, bool]]:
    with schema_context(community.schema_name):
        return list(MemberLoginAttempt.objects.order_by("id").values_list("username", "succeeded"))


def test_a_resident_signs_in_and_goes_where_they_were_going(beizhan, minle):
    add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    client = host_client(beizhan)

    response = client.post("/login/?next=/me/", {"username": "zhaofang", "password": TEST_PASSWORD})

    assert response.status_code == 302 and response.headers["Location"] == "/me/"
    assert "赵芳" in client.get("/").text
    assert attempts(beizhan) == [("zhaofang", True)]


def test_a_wrong_password_is_refused_in_chinese_and_counted(beizhan):
    add_member(beizhan.schema_name, "zhaofang")

    response = host_client(beizhan).post("/login/", {"username": "zhaofang", "password": "wrong-password"})

    assert response.status_code == 200
    assert "用户名或密码错误。" in response.text
    assert attempts(beizhan) == [("zhaofang", False)]


def test_the_error_is_in_english_for_an_english_browser(beizhan):
    add_member(beizhan.schema_name, "zhaofang")
    client = host_client(beizhan, HTTP_ACCEPT_LANGUAGE="en")

    response = client.post("/login/", {"username": "zhaofang", "password": "wrong-password"})

    assert "Wrong username or password." in response.text


def test_after_five_failures_even_the_right_password_is_refused(beizhan):
    add_member(beizhan.schema_name, "zhaofang")
    client = host_client(beizhan)
    for _ in range(5):
        client.post("/login/", {"username": "zhaofang", "password": "wrong-password"})

    response = client.post("/login/", {"username": "zhaofang", "password": TEST_PASSWORD})

    assert response.status_code == 200
    assert "失败次数过多" in response.text
    assert "_auth_user_id" not in client.session


def test_a_member_of_another_community_cannot_sign_in_here(beizhan, minle):
    add_member(minle.schema_name, "minle-resident")

    response = host_client(beizhan).post("/login/", {"username": "minle-resident", "password": TEST_PASSWORD})

    assert "用户名或密码错误。" in response.text
    assert attempts(minle) == []


def test_login_needs_the_csrf_token(beizhan):
    add_member(beizhan.schema_name, "zhaofang")
    client = host_client(beizhan, enforce_csrf_checks=True)

    response = client.post("/login/", {"username": "zhaofang", "password": TEST_PASSWORD})

    assert response.status_code == 403
    assert attempts(beizhan) == []


def test_an_outside_next_is_ignored(beizhan):
    add_member(beizhan.schema_name, "zhaofang")

    response = host_client(beizhan).post(
        "/login/?next=https://evil.example.com/", {"username": "zhaofang", "password": TEST_PASSWORD}
    )

    assert response.headers["Location"] == "/"


def test_sign_out_is_a_post_and_ends_the_session(beizhan):
    add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    client = host_client(beizhan)
    client.post("/login/", {"username": "zhaofang", "password": TEST_PASSWORD})

    shown = client.get("/logout/")
    signed_out = client.post("/logout/")

    assert "赵芳" in shown.text  # a GET only shows the button
    assert signed_out.status_code == 302
    assert "赵芳" not in client.get("/").text


def test_a_rejected_member_cannot_sign_in(beizhan):
    add_member(beizhan.schema_name, "refused", status=Member.Status.REJECTED)

    response = host_client(beizhan).post("/login/", {"username": "refused", "password": TEST_PASSWORD})

    assert "该会员资格未生效。" in response.text
    with schema_context(beizhan.schema_name):
        assert get_user_model().objects.filter(username="refused").count() == 1


def test_a_session_from_another_community_is_worth_nothing_here(beizhan, minle):
    member = add_member(minle.schema_name, "minle-resident", display_name="民乐居民")
    client = host_client(minle)
    client.post("/login/", {"username": "minle-resident", "password": TEST_PASSWORD})
    assert "民乐居民" in client.get("/").text

    # the same cookies, sent to beizhan's host
    client.defaults["HTTP_HOST"] = beizhan.domain
    response = client.get("/me/")

    assert response.status_code == 302 and response.headers["Location"].startswith("/login/")
    assert member.display_name not in client.get("/").text


def test_an_applicant_may_sign_in_and_sees_the_application(beizhan):
    add_member(beizhan.schema_name, "lihua", status=Member.Status.PENDING, display_name="李华")
    client = host_client(beizhan)
    client.post("/login/", {"username": "lihua", "password": TEST_PASSWORD})

    response = client.get("/me/")

    assert response.status_code == 200
    assert 'data-application-state="pending"' in response.text
