import json

import pytest
from django.test import Client

from sharepool.core.background import queue_in_schema
from sharepool.platform.monitoring import FILTERED, scrub_event
from tests.platform.monitoring.failing import failing_task

PERSONAL_DATA = [
    "13812345678",
    "11010119900307123X",
    "abcdefgh12345678",
    "sk_live_abcdefgh123",
    "hunter2-secret",
]


def assert_no_personal_data(event: dict) -> None:
    text = json.dumps(event, ensure_ascii=False)
    for value in PERSONAL_DATA:
        assert value not in text, text[max(0, text.find(value) - 300) : text.find(value) + 50]


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.platform.monitoring.failing"
    settings.PUBLIC_SCHEMA_URLCONF = "tests.platform.monitoring.failing"


def test_a_failing_view_on_a_community_host_is_reported_tagged_and_scrubbed(
    beizhan, minle, sentry_events, failing_urls
):
    # given
    client = Client(raise_request_exception=False)

    # when
    response = client.post(
        "/failing/?phone=13812345678",
        {"password": "hunter2-secret", "note": "call 13812345678"},
        HTTP_HOST=beizhan.domain,
        HTTP_AUTHORIZATION="Bearer abcdefgh12345678",
        HTTP_X_REQUEST_ID="req-failing-0001",
    )

    # then
    assert response.status_code == 500
    (event,) = sentry_events
    assert event["tags"]["community"] == "beizhan"
    assert event["tags"]["host_kind"] == "community"
    assert event["tags"]["request_id"] == "req-failing-0001"
    (exception,) = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == (
        f"could not call {FILTERED} for resident {FILTERED}, token Bearer {FILTERED}, key {FILTERED}"
    )
    assert "user" not in event or "ip_address" not in event.get("user", {})
    assert_no_personal_data(event)


def test_a_failing_view_on_the_platform_host_is_tagged_platform(beizhan, minle, sentry_events, failing_urls):
    # when
    response = Client(raise_request_exception=False).get("/failing/", HTTP_HOST="localhost")

    # then
    assert response.status_code == 500
    (event,) = sentry_events
    assert (event["tags"]["community"], event["tags"]["host_kind"]) == ("-", "platform")
    assert_no_personal_data(event)


def test_a_failing_task_is_reported_with_its_community_and_scrubbed(beizhan, minle, sentry_events):
    # when: queued from beizhan's schema (eagerly here: no REDIS_URL)
    with pytest.raises(RuntimeError):
        queue_in_schema(failing_task, beizhan.schema_name, phone="13812345678")

    # then
    (event,) = sentry_events
    assert event["tags"]["community"] == "beizhan"
    assert event["tags"]["host_kind"] == "community"
    assert event["tags"]["task"] == "tests.monitoring.failing_task"
    assert event["exception"]["values"][0]["value"] == f"reminder to {FILTERED} failed"
    assert_no_personal_data(event)


def test_the_community_tag_follows_the_schema_of_each_task(beizhan, minle, sentry_events):
    # when
    for community in (minle, beizhan):
        with pytest.raises(RuntimeError):
            queue_in_schema(failing_task, community.schema_name, phone="13812345678")

    # then
    assert [event["tags"]["community"] for event in sentry_events] == ["minle", "beizhan"]


def test_scrubbing_reaches_nested_values_and_secret_keys():
    # given
    event = {
        "message": "ID 110101199003071234 phone +86 138-1234-5678",
        "extra": {"api_key": "abc", "session_token": "xyz", "nested": [{"password": "p"}, "13912345678"]},
        "request": {"headers": {"Authorization": "Bearer x", "Cookie": "sessionid=1", "Accept": "text/html"}},
    }

    # when
    scrubbed = scrub_event(event)

    # then
    assert scrubbed == {
        "message": f"ID {FILTERED} phone {FILTERED}",
        "extra": {
            "api_key": FILTERED,
            "session_token": FILTERED,
            "nested": [{"password": FILTERED}, FILTERED],
        },
        "request": {"headers": {"Authorization": FILTERED, "Cookie": FILTERED, "Accept": "text/html"}},
    }


def test_member_numbers_and_amounts_are_not_mistaken_for_personal_data():
    # when
    scrubbed = scrub_event({"message": "member 1000 served 62000 hours; order 20261127"})

    # then
    assert scrubbed["message"] == "member 1000 served 62000 hours; order 20261127"


def test_a_failing_graphql_resolver_is_reported_tagged_and_scrubbed(
    beizhan, minle, sentry_events, monkeypatch
):
    # given: a member, and a bug in the resolver of their phone number
    from sharepool.graphql.community.members import types
    from tests.graphql.conftest import add_member, gql, token_for

    member = add_member(beizhan.schema_name, "wang", phone="13812345678")
    token = token_for(beizhan.schema_name, member)

    def broken(info, member):
        raise RuntimeError(f"cannot decide about {member.phone}")

    monkeypatch.setattr(types, "sees_personal_data", broken)

    # when
    response = gql(
        beizhan.domain, "{ me { displayName phone } }", token=token, HTTP_X_REQUEST_ID="req-graphql-01"
    )

    # then: the client gets a coded error, Sentry gets the exception, tagged and scrubbed
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "internal_error"
    (event,) = sentry_events
    assert (event["tags"]["community"], event["tags"]["host_kind"]) == ("beizhan", "community")
    assert event["tags"]["request_id"] == "req-graphql-01"
    assert event["logentry"]["message"] == "GraphQL resolver failed"
    assert event["exception"]["values"][-1]["value"] == f"cannot decide about {FILTERED}"
    assert token not in json.dumps(event)
    assert_no_personal_data(event)
