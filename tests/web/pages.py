"""Helpers of the time-bank and activity page tests: a signed-in browser-like client per member."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from sharepool.platform.communities.models import Community


def client_of(community, member) -> Client:
    """A Django test client on the community's host, signed in as the member (a session in its schema)."""
    client = Client(HTTP_HOST=community.domain)
    with schema_context(community.schema_name):
        client.force_login(member.user)
    back_to(community)
    return client


def back_to(community) -> None:
    # A request ends with the connection wherever the middleware left it; the test reads its tenant.
    connection.set_tenant(Community.objects.get(schema_name=community.schema_name))


def queries_of(client, path: str) -> int:
    """The queries of one GET, after a first one: a session's first request records its schema."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def form_errors(response, form: str = "form") -> dict[str, list[str]]:
    """{field: [messages]} of a form the page was rendered with: what the resident reads."""
    return dict(response.context[form].errors.items())


def step_errors(response, step: str) -> dict[str, list[str]]:
    """{field: [messages]} of the exchange page's form of that step (accept, complete...)."""
    return dict(response.context["forms"][step].errors.items())
