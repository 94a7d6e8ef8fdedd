"""/join/: the application form and the application's state (issue 12)."""

from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

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
