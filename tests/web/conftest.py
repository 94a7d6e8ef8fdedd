"""Helpers of the page tests: clients on a community's host, members of every role, signed in."""

from django.test import Client
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member
from tests.graphql.conftest import add_member  # noqa: F401 (re-exported for the page tests)
from tests.tenants.conftest import world  # noqa: F401 (the same Beizhan and Minle as the domain tests)


def host_client(community, **headers) -> Client:
    """A browser-like client on the community's host, Chinese unless told otherwise."""
    headers.setdefault("HTTP_ACCEPT_LANGUAGE", "zh-CN,zh;q=0.9")
    return Client(HTTP_HOST=community.domain, **headers)


def signed_in(community, member: Member, **headers) -> Client:
    client = host_client(community, **headers)
    with schema_context(community.schema_name):
        client.force_login(member.user)
    return client
