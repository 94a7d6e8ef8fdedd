"""Operators make street offices and their staff accounts through the platform API (issue 14)."""

from django.contrib.auth import get_user_model

from sharepool.platform.accounts.services import do_login_staff
from sharepool.platform.audit.models import PlatformAuditEntry
from sharepool.platform.communities.models import StreetOffice, StreetOfficeStaff
from tests.graphql.conftest import gql

CREATE_OFFICE = """mutation ($name: String!, $district: String) {
  createStreetOffice(name: $name, district: $district) { streetOffice { id name district } errors { field code } }
}"""
CREATE_STAFF = """mutation ($office: ID!, $username: String!, $password: String) {
  createStreetOfficeStaff(streetOfficeId: $office, username: $username, password: $password) {
    username password streetOffice { name } errors { field code }
  }
}"""


def state() -> tuple:
    return (
        list(StreetOffice.objects.order_by("id").values_list("name", flat=True)),
        list(get_user_model().objects.order_by("id").values_list("username", flat=True)),
        PlatformAuditEntry.objects.count(),
    )


def test_an_operator_makes_a_street_office_and_its_first_staff_account(platform_tokens):
    # given
    token = platform_tokens["operator"]

    # when
    made = gql("localhost", CREATE_OFFICE, {"name": " 观澜街道 ", "district": "龙华区"}, token=token).json()
    office = made["data"]["createStreetOffice"]["streetOffice"]
    staff = gql(
        "localhost", CREATE_STAFF, {"office": office["id"], "username": "guanlan"}, token=token
    ).json()

    # then: the account signs in with the password shown once, as staff of that office
    assert (office["name"], office["district"]) == ("观澜街道", "龙华区")
    payload = staff["data"]["createStreetOfficeStaff"]
    assert (payload["username"], payload["streetOffice"], payload["errors"]) == (
        "guanlan",
        {"name": "观澜街道"},
        [],
    )
    issued = do_login_staff(username="guanlan", password=payload["password"], address="127.0.0.1")
    assert issued.actor.street_office_id == int(office["id"])
    assert StreetOfficeStaff.objects.get(user__username="guanlan").street_office.name == "观澜街道"
    assert list(PlatformAuditEntry.objects.order_by("id").values_list("action", "actor_kind", "actor_name"))[
        -2:
    ] == [
        ("street_office_created", "operator", "operator"),
        ("street_office_staff_created", "operator", "operator"),
    ]


def test_a_chosen_password_is_not_shown_back(platform_tokens):
    office = StreetOffice.objects.get(name="民治街道")

    body = gql(
        "localhost",
        CREATE_STAFF,
        {"office": office.id, "username": "minzhi2", "password": "a-Long-enough-1"},
        token=platform_tokens["operator"],
    ).json()

    assert body["data"]["createStreetOfficeStaff"]["password"] is None
    assert (
        do_login_staff(
            username="minzhi2", password="a-Long-enough-1", address="127.0.0.1"
        ).actor.street_office_id
        == office.id
    )


def test_street_office_staff_cannot_make_offices_or_accounts(platform_tokens):
    # given
    before = state()
    office = StreetOffice.objects.get(name="民治街道")

    # when
    office_body = gql(
        "localhost", CREATE_OFFICE, {"name": "观澜街道"}, token=platform_tokens["minzhi"]
    ).json()
    staff_body = gql(
        "localhost", CREATE_STAFF, {"office": office.id, "username": "mine"}, token=platform_tokens["minzhi"]
    ).json()

    # then
    assert office_body["data"]["createStreetOffice"]["errors"] == [
        {"field": None, "code": "permission_denied"}
    ]
    assert staff_body["data"]["createStreetOfficeStaff"]["errors"] == [
        {"field": None, "code": "permission_denied"}
    ]
    assert state() == before


def test_bad_input_is_refused_with_its_code_and_changes_nothing(platform_tokens):
    # given
    token = platform_tokens["operator"]
    office = StreetOffice.objects.get(name="民治街道")
    before = state()
    cases = [
        (CREATE_OFFICE, {"name": "  "}, ("name", "name_required")),
        (CREATE_OFFICE, {"name": "民治街道"}, ("name", "name_taken")),
        (CREATE_OFFICE, {"name": "街道" * 60}, ("name", "text_too_long")),
        (CREATE_STAFF, {"office": office.id, "username": "minzhi"}, ("username", "username_taken")),
        (CREATE_STAFF, {"office": office.id, "username": "with space"}, ("username", "username_invalid")),
        (
            CREATE_STAFF,
            {"office": office.id, "username": "new1", "password": "123"},
            ("password", "password_invalid"),
        ),
        (CREATE_STAFF, {"office": "abc", "username": "new2"}, ("streetOfficeId", "street_office_not_found")),
    ]

    for query, variables, expected in cases:
        # when
        body = gql("localhost", query, variables, token=token).json()

        # then
        payload = next(iter(body["data"].values()))
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [expected], variables
    assert state() == before


def test_the_command_does_the_same_for_an_operator_and_refuses_anyone_else(platform_tokens):
    # given
    from io import StringIO

    import pytest
    from django.core.management import CommandError, call_command

    out, err = StringIO(), StringIO()
    before = state()

    # when
    with pytest.raises(CommandError) as refused:
        call_command("create_street_office", operator="minzhi", name="观澜街道", stdout=out, stderr=err)
    after_refusal = state()
    call_command(
        "create_street_office",
        operator="operator",
        name="观澜街道",
        staff_username="guanlan",
        stdout=out,
        stderr=err,
    )

    # then
    assert "[not_allowed]" in str(refused.value)
    assert after_refusal == before
    password = err.getvalue().split("password (shown once): ")[1].strip()
    assert do_login_staff(
        username="guanlan", password=password, address="127.0.0.1"
    ).actor.street_office_id == (StreetOffice.objects.get(name="观澜街道").id)
