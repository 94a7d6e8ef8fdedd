"""/join/: the application form and the application's state (issue 12)."""

from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from sharepool.tenants.admission.services import do_reject_member
from sharepool.tenants.members.models import Member, MemberEvent
from tests.conftest import TEST_PASSWORD
from tests.web.conftest import add_member, host_client

APPLICATION = {
    "displayName": "李华",
    "phone": "13912345678",
    "username": "lihua",
    "password": TEST_PASSWORD,
    "building": "3栋",
    "unit": "502",
    "skills": "辅导小学数学",
}


def rows(community) -> tuple[int, int, int]:
    with schema_context(community.schema_name):
        return get_user_model().objects.count(), Member.objects.count(), MemberEvent.objects.count()


def test_a_resident_applies_and_sees_the_application_waiting(beizhan, minle):
    client = host_client(beizhan)

    response = client.post("/join/", APPLICATION)
    state = client.get("/join/")

    assert response.status_code == 302 and response.headers["Location"] == "/join/"
    with schema_context(beizhan.schema_name):
        applicant = Member.objects.select_related("building").get(user__username="lihua")
    assert (applicant.status, applicant.display_name, applicant.building.name, applicant.unit) == (
        Member.Status.PENDING,
        "李华",
        "3栋",
        "502",
    )
    assert 'data-application-state="pending"' in state.text
    assert "待审核" in state.text
    with schema_context(minle.schema_name):
        assert not Member.objects.filter(user__username="lihua").exists()


def test_a_bad_phone_number_is_shown_on_its_field_in_chinese_and_nothing_is_written(beizhan):
    before = rows(beizhan)

    response = host_client(beizhan).post("/join/", {**APPLICATION, "phone": "12345"})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"phone": ["请输入 11 位手机号码。"]}
    assert rows(beizhan) == before


def test_a_taken_username_is_refused_in_english_for_an_english_browser(beizhan):
    add_member(beizhan.schema_name, "lihua")
    before = rows(beizhan)

    response = host_client(beizhan, HTTP_ACCEPT_LANGUAGE="en").post("/join/", APPLICATION)

    assert response.context["form"].errors == {"username": ["This username is taken."]}
    assert rows(beizhan) == before


def test_a_username_taken_in_another_community_is_free_here(beizhan, minle):
    add_member(minle.schema_name, "lihua")

    response = host_client(beizhan).post("/join/", APPLICATION)

    assert response.status_code == 302


def test_the_form_names_its_fields_as_the_api_does(beizhan):
    html = host_client(beizhan).get("/join/").text

    for name in ("displayName", "phone", "username", "password", "building", "unit", "skills"):
        assert f'name="{name}"' in html


def rejected_applicant(beizhan, client, reason: str) -> Member:
    """Li Hua applies through the form (her session starts) and a community worker rejects her."""
    client.post("/join/", APPLICATION)
    with schema_context(beizhan.schema_name):
        applicant = Member.objects.get(user__username="lihua")
        worker = add_member(beizhan.schema_name, "worker", role=Member.Role.WORKER)
        return do_reject_member(actor=worker, member_id=applicant.id, reason=reason)


def test_a_rejected_applicant_reads_the_workers_reason_on_the_application_page(beizhan, minle):
    client = host_client(beizhan)
    rejected_applicant(beizhan, client, "不住在本社区，请到户籍所在社区申请")

    page = client.get("/join/")
    account = client.get("/me/")

    assert 'data-application-state="rejected"' in page.text
    assert "已拒绝" in page.text
    assert "不住在本社区，请到户籍所在社区申请" in page.text
    assert "不住在本社区" in account.text  # the account pages answer with the same state
    with schema_context(minle.schema_name):
        assert not Member.objects.filter(user__username="lihua").exists()


def test_a_rejected_applicant_signing_in_again_is_told_why_and_nothing_else(beizhan):
    rejected_applicant(beizhan, host_client(beizhan), "不住在本社区")
    client = host_client(beizhan)

    wrong = client.post("/login/", {"username": "lihua", "password": "not-her-password"})
    right = client.post("/login/", {"username": "lihua", "password": TEST_PASSWORD})

    assert wrong.context["form"].non_field_errors() == ["用户名或密码错误。"]  # the reason needs the password
    assert right.status_code == 200  # no session
    assert right.context["form"].non_field_errors() == [
        "你的申请未获通过。社区工作者给出的原因：不住在本社区"
    ]
    assert "_auth_user_id" not in client.session
