"""A web connection is closed once it has served CONN_MAX_COMMUNITIES communities (issue 15): a backend
keeps the catalog of every community it touched, so its memory is bounded by the count."""

from django.db import connection
from django.test import Client


def backend_pid() -> int | None:
    return connection.connection.info.backend_pid if connection.connection is not None else None


def test_a_connection_serves_at_most_the_limit_of_communities_then_a_new_one_is_opened(
    committed_communities, settings
):
    # given: a limit of two communities per connection
    settings.CONN_MAX_COMMUNITIES = 2
    beizhan, minle = committed_communities("beizhan"), committed_communities("minle")
    connection.close()  # a fresh connection: what earlier tests in this process served does not count
    client = Client()

    # when: beizhan twice, then minle, then beizhan again
    assert client.get("/", HTTP_HOST=beizhan.domain).status_code == 200
    first = backend_pid()
    assert client.get("/", HTTP_HOST=beizhan.domain).status_code == 200
    same_community_again = backend_pid()
    assert client.get("/", HTTP_HOST=minle.domain).status_code == 200
    after_the_second_community = backend_pid()
    assert client.get("/", HTTP_HOST=beizhan.domain).status_code == 200
    fresh = backend_pid()

    # then: one connection for the first two communities, closed when it reached two, then a new one
    assert first is not None and same_community_again == first
    assert after_the_second_community is None
    assert fresh is not None and fresh != first


def test_under_the_limit_the_connection_is_kept(committed_communities, settings):
    settings.CONN_MAX_COMMUNITIES = 3
    beizhan, minle = committed_communities("beizhan"), committed_communities("minle")
    connection.close()
    client = Client()

    client.get("/", HTTP_HOST=beizhan.domain)
    first = backend_pid()
    client.get("/", HTTP_HOST=minle.domain)

    assert first is not None and backend_pid() == first
