"""Helpers of the GraphQL tests: requests to a host's `/graphql/`, and members of every role."""

import json
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member
from sharepool.tenants.members.services import (
    do_issue_member_token,
    do_lock_member_numbers,
    next_member_number,
)
from tests.conftest import TEST_PASSWORD


def gql(
    host: str,
    query: str,
    variables: dict | None = None,
    *,
    token: str | None = None,
    client=None,
    path: str = "/graphql/",
    **headers,
):
    """POST one operation to the host's /graphql/ as JSON; returns the response (`.json()` for the body)."""
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    client = client or Client()
    body = {"query": query, "variables": variables or {}}
    return client.post(
        path, data=json.dumps(body), content_type="application/json", HTTP_HOST=host, **headers
    )


def add_member(
    schema_name: str,
    username: str,
    *,
    role: str = Member.Role.RESIDENT,
    status: str = Member.Status.ACTIVE,
    phone: str = "13800138000",
    display_name: str | None = None,
) -> Member:
    with schema_context(schema_name):
        user = get_user_model().objects.create_user(username=username, password=TEST_PASSWORD)
        number = None
        if status == Member.Status.ACTIVE:
            do_lock_member_numbers()
            number = next_member_number()
        return Member.objects.create(
            user=user,
            display_name=display_name or username,
            role=role,
            status=status,
            phone=phone,
            member_number=number,
            approved_at=timezone.now() if number else None,
        )


def token_for(schema_name: str, member: Member) -> str:
    with schema_context(schema_name):
        return do_issue_member_token(member=member).token


@dataclass
class Signed:
    member: Member
    token: str


@pytest.fixture
def sign_in(beizhan):
    """sign_in(role) -> a member of that role in beizhan and a bearer token of theirs."""

    def make(
        role: str = Member.Role.RESIDENT, *, status: str = Member.Status.ACTIVE, username: str | None = None
    ):
        member = add_member(beizhan.schema_name, username or f"{role}-{status}", role=role, status=status)
        return Signed(member=member, token=token_for(beizhan.schema_name, member))

    return make


@pytest.fixture
def staff_token(beizhan) -> str:
    """A bearer token of street-office staff of 民治街道 (beizhan's street office), issued on the platform."""
    from tests.graphql.platform.conftest import staff_token as make_staff_token

    return make_staff_token("minzhi", "民治街道")
