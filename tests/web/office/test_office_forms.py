"""The onboarding form and the operators' page on /office/ (issue 14): the same domain calls as the CLI and
the platform's GraphQL, every refusal typed and changing nothing."""

from django.contrib.auth import get_user_model

from sharepool.platform.accounts.services import do_login_staff
from sharepool.platform.communities.models import (
    Community,
    OnboardingReceipt,
    StreetOffice,
    StreetOfficeStaff,
)
from tests.web.office.conftest import platform_client, signed_in_as


def communities() -> list[tuple]:
    return list(Community.objects.order_by("id").values_list("slug", "street_office__name"))


def onboarding(key: str = "k-1", **overrides) -> dict:
    data = {
        "idempotencyKey": key,
        "slug": "xinniu",
        "name": "新牛社区",
        "population": "30000",
        "adminUsername": "admin",
    }
    data.update(overrides)
    return data


def test_staff_onboard_a_community_for_their_office_and_see_the_admins_credentials_once(offices):
    # given
    client = signed_in_as(offices["minzhi"])
    form = client.get("/office/onboard/").text
    assert 'name="idempotencyKey"' in form and 'name="streetOffice"' not in form

    # when
    answer = client.post("/office/onboard/", onboarding())
    again = client.post("/office/onboard/", onboarding())  # the same form sent twice (a double tap)

    # then: one community, of their street office, online; the generated password shown, then once more
    made = Community.objects.get(slug="xinniu")
    assert (made.street_office.name, made.status, made.population) == ("民治街道", "active", 30000)
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    assert "data-admin-username>admin<" in answer.text
    password = answer.text.split("data-admin-password>")[1].split("<")[0]
    assert again.text.split("data-admin-password>")[1].split("<")[0] == password
    assert [slug for slug, _office in communities()].count("xinniu") == 1
    assert "xinniu" in client.get("/office/").text
    third = client.post("/office/onboard/", onboarding())
    assert "data-admin-password" not in third.text  # kept only until shown again


def test_bad_input_is_shown_on_its_field_and_makes_nothing(offices):
    # given
    client = signed_in_as(offices["minzhi"])
    before = communities(), OnboardingReceipt.objects.count()

    # when
    cases = {"slug": "admin", "name": "  ", "population": "0"}
    answers = {
        field: client.post("/office/onboard/", onboarding(key=f"k-{field}", **{field: value}))
        for field, value in cases.items()
    }
    taken = client.post("/office/onboard/", onboarding(key="k-taken", slug="minle"))

    # then
    for field, answer in answers.items():
        assert answer.status_code == 200
        assert field in answer.context["form"].errors, field
    assert taken.context["form"].errors["slug"] == ["已有社区使用该网址标识。"]
    assert (communities(), OnboardingReceipt.objects.count()) == before


def test_staff_cannot_onboard_for_another_office_but_an_operator_names_any(offices):
    # given
    before = communities()

    # when
    operator = signed_in_as(offices["operator"]).post("/office/onboard/", onboarding(streetOffice="龙华街道"))
    staff = signed_in_as(offices["minzhi"]).post(
        "/office/onboard/", onboarding(key="k-2", slug="xinyi", streetOffice="龙华街道")
    )

    # then: the staff form has no such field, so their own office is used
    assert (operator.status_code, staff.status_code) == (200, 200)
    assert Community.objects.get(slug="xinniu").street_office.name == "龙华街道"
    assert Community.objects.get(slug="xinyi").street_office.name == "民治街道"
    assert len(communities()) == len(before) + 2


def test_a_visitor_cannot_onboard(offices):
    before = communities()

    response = platform_client().post("/office/onboard/", onboarding())

    assert response.status_code == 302 and response["Location"].startswith("/office/login/")
    assert communities() == before


def test_an_operator_makes_a_street_office_and_a_staff_account_who_then_signs_in(offices):
    # given
    client = signed_in_as(offices["operator"])

    # when
    made = client.post(
        "/office/street-offices/", {"action": "office", "name": "观澜街道", "district": "龙华区"}
    )
    office = StreetOffice.objects.get(name="观澜街道")
    account = client.post(
        "/office/street-offices/", {"action": "staff", "streetOfficeId": office.id, "username": "guanlan"}
    )

    # then
    assert made.status_code == 302
    assert account.status_code == 200 and account["Cache-Control"] == "no-store"
    password = account.text.split("data-staff-password>")[1].split("<")[0]
    assert (
        do_login_staff(username="guanlan", password=password, address="127.0.0.1").actor.street_office_id
        == office.id
    )
    new_staff = platform_client()
    new_staff.post("/office/login/", {"username": "guanlan", "password": password})
    assert "本街道还没有社区上线。" in new_staff.get("/office/").text


def test_street_office_staff_cannot_open_the_operators_page_nor_post_to_it(offices):
    # given
    client = signed_in_as(offices["minzhi"])
    before = (
        list(StreetOffice.objects.values_list("name", flat=True)),
        get_user_model().objects.count(),
        StreetOfficeStaff.objects.count(),
    )

    # when
    page = client.get("/office/street-offices/")
    posted = client.post("/office/street-offices/", {"action": "office", "name": "观澜街道"})

    # then
    assert (page.status_code, posted.status_code) == (403, 403)
    assert "/office/street-offices/" not in client.get("/office/").text
    assert before == (
        list(StreetOffice.objects.values_list("name", flat=True)),
        get_user_model().objects.count(),
        StreetOfficeStaff.objects.count(),
    )


def test_the_operators_forms_refuse_bad_input_on_its_field(offices):
    # given
    client = signed_in_as(offices["operator"])
    office = StreetOffice.objects.get(name="民治街道")
    before = StreetOffice.objects.count(), StreetOfficeStaff.objects.count()

    # when
    taken_name = client.post("/office/street-offices/", {"action": "office", "name": "民治街道"})
    taken_user = client.post(
        "/office/street-offices/", {"action": "staff", "streetOfficeId": office.id, "username": "minzhi"}
    )

    # then
    assert "已有同名街道办。" in str(taken_name.context["office_form"].errors["name"])
    assert "该用户名已被使用。" in str(taken_user.context["staff_form"].errors["username"])
    assert (StreetOffice.objects.count(), StreetOfficeStaff.objects.count()) == before
