"""Credentials reach Sentry in shapes no key name announces (issue #10); each case goes through the
capturing transport and its secret must not be anywhere in the event."""

import json

import pytest
from django.test import Client

from sharepool.graphql.community.members import mutations
from tests.conftest import TEST_PASSWORD
from tests.faults.outage import database_refusing_connections
from tests.graphql.conftest import add_member, gql, token_for
from tests.graphql.platform.conftest import staff_token
from tests.platform.monitoring.failing import PASSWORD_HASH_IN_SQL


def assert_absent(secret: str, events: list[dict]) -> None:
    assert events, "no event reached Sentry: nothing was tried"
    for event in events:
        text = json.dumps(event, ensure_ascii=False)
        assert secret not in text, text[max(0, text.find(secret) - 300) : text.find(secret) + 60]


@pytest.fixture
def broken_member_login(monkeypatch):
    """A bug behind `login` whose message carries what it was given."""

    def broken(*, username, password, address):
        raise RuntimeError(f"login store failed for {username}")

    monkeypatch.setattr(mutations, "do_login_member", broken)


def test_a_password_written_inline_in_the_query_text_is_scrubbed(
    beizhan, minle, sentry_events, broken_member_login
):
    # when: the README's own example, with a password inline
    response = gql(
        beizhan.domain, 'mutation { login(username: "wang", password: "inline-Pass-8361") { token } }'
    )

    # then
    assert response.json()["errors"][0]["extensions"]["code"] == "internal_error"
    assert_absent("inline-Pass-8361", sentry_events)


def test_a_password_in_a_variable_named_pw_is_scrubbed(beizhan, minle, sentry_events, broken_member_login):
    # when
    response = gql(
        beizhan.domain,
        'mutation($pw: String!) { login(username: "wang", password: $pw) { token } }',
        {"pw": "variable-Pass-5150"},
    )

    # then
    assert response.json()["errors"][0]["extensions"]["code"] == "internal_error"
    assert_absent("variable-Pass-5150", sentry_events)


def test_a_bare_member_token_anywhere_is_scrubbed(beizhan, minle, sentry_events, monkeypatch):
    # given: a bug whose message names the caller's token, without any "Bearer" before it
    from sharepool.graphql.community.members import types

    member = add_member(beizhan.schema_name, "wang")
    token = token_for(beizhan.schema_name, member)
    assert token.startswith("spm_")

    def broken(info, member):
        raise RuntimeError(f"cache miss for {token}")

    monkeypatch.setattr(types, "sees_personal_data", broken)

    # when
    gql(beizhan.domain, "{ me { phone } }", token=token)

    # then
    assert_absent(token, sentry_events)


def test_a_password_hash_in_sql_parameters_is_scrubbed(beizhan, minle, sentry_events, settings):
    # given
    settings.ROOT_URLCONF = "tests.platform.monitoring.failing"
    settings.PUBLIC_SCHEMA_URLCONF = "tests.platform.monitoring.failing"

    # when
    response = Client(raise_request_exception=False).get("/failing-sql/", HTTP_HOST=beizhan.domain)

    # then
    assert response.status_code == 500
    assert sentry_events[0]["exception"]["values"][-1]["type"] == "DataError"
    assert_absent(PASSWORD_HASH_IN_SQL, sentry_events)
    assert_absent(PASSWORD_HASH_IN_SQL.split("$")[-1], sentry_events)


def test_the_staff_token_is_scrubbed_when_the_database_is_away(committed_communities, sentry_events):
    # given: a street office's staff member signed in
    committed_communities("beizhan")
    token = staff_token("minzhi", "民治街道")
    assert token.startswith("sps_")

    # when: they ask while the database refuses connections (the token is a `text` local on the way)
    with database_refusing_connections():
        response = Client(raise_request_exception=False).post(
            "/graphql/",
            {"query": "{ me { username } }"},
            content_type="application/json",
            HTTP_HOST="localhost",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    # then: reported, without the token
    assert response.status_code == 503
    assert_absent(token, sentry_events)
    assert TEST_PASSWORD not in json.dumps(sentry_events)


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ('login(username: "x", password: "p1-secret")', 'login(username: "x", password: "[Filtered]")'),
        ('{"query": "login(password: \\"p1-secret\\")"}', '{"query": "login(password: "[Filtered]")"}'),
        ('adminPassword:"p1 \\" secret"', 'adminPassword:"[Filtered]"'),
        ('{"pw": "p1-secret", "limit": 5}', '{"pw": "[Filtered]", "limit": 5}'),
        ("username=x&pw=p1-secret&next=/", "username=x&pw=[Filtered]&next=/"),
        ("token spm_AbCdEfGhIjKlMnOpQrSt_123 expired", "token [Filtered] expired"),
        ("org spo_AbCdEfGhIjKlMnOpQrSt-123", "org [Filtered]"),
        ("(password)=(md5$salt$0123abcd) exists", "(password)=([Filtered]) exists"),
        ("member 1000 served 62000 hours", "member 1000 served 62000 hours"),
    ],
)
def test_credentials_are_scrubbed_by_their_shape(text, scrubbed):
    from sharepool.platform.monitoring import scrub_text

    assert scrub_text(text) == scrubbed
