"""Hosts are resolved from a cache that a change empties at once (issue 15)."""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sharepool.platform.communities.host_cache import host_key
from sharepool.platform.communities.models import Community, Domain
from tests.conftest import make_community


def statements_of(host: str, path: str = "/healthz-free/") -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        Client(HTTP_HOST=host).get(path)
    return [query["sql"] for query in queries.captured_queries]


def test_a_second_request_to_a_community_does_not_look_its_host_up_again(beizhan, minle):
    # given
    first = statements_of("beizhan.localhost")
    assert any("communities_domain" in sql for sql in first)

    # when
    second = statements_of("beizhan.localhost")

    # then
    assert not any("communities_domain" in sql for sql in second)
    assert Client(HTTP_HOST="minle.localhost").get("/").status_code == 200


def test_an_archived_community_stops_answering_with_the_next_request(
    beizhan, minle, django_capture_on_commit_callbacks
):
    # given: both hosts answered, so both are cached
    assert Client(HTTP_HOST="beizhan.localhost").get("/").status_code == 200
    assert Client(HTTP_HOST="minle.localhost").get("/").status_code == 200

    # when (requests leave the connection in the last community's schema)
    connection.set_schema_to_public()
    with django_capture_on_commit_callbacks(execute=True):
        community = Community.objects.get(slug="beizhan")
        community.status = Community.Status.ARCHIVED
        community.save(update_fields=["status"])

    # then
    assert Client(HTTP_HOST="beizhan.localhost").get("/").status_code == 404
    assert Client(HTTP_HOST="minle.localhost").get("/").status_code == 200


def test_a_suspended_community_is_read_only_from_the_next_request(
    beizhan, django_capture_on_commit_callbacks
):
    # given
    assert Client(HTTP_HOST="beizhan.localhost").get("/").status_code == 200

    # when (requests leave the connection in the last community's schema)
    connection.set_schema_to_public()
    with django_capture_on_commit_callbacks(execute=True):
        community = Community.objects.get(slug="beizhan")
        community.status = Community.Status.SUSPENDED
        community.save(update_fields=["status"])

    # then: the API refuses a change, as for any suspended community
    register = (
        'mutation { register(input: {username: "li", password: "correct-horse-battery-9", displayName: "李", '
        'phone: "13912345678"}) { errors { code } } }'
    )
    response = Client(HTTP_HOST="beizhan.localhost").post(
        "/graphql/", {"query": register}, content_type="application/json"
    )
    assert response.json()["data"]["register"]["errors"] == [{"code": "community_suspended"}]


def test_a_moved_domain_answers_at_its_new_name_and_no_longer_at_the_old(
    beizhan, django_capture_on_commit_callbacks
):
    # given
    assert Client(HTTP_HOST="beizhan.localhost").get("/").status_code == 200
    assert Client(HTTP_HOST="beizhan-new.localhost").get("/").status_code == 404

    # when
    connection.set_schema_to_public()
    with django_capture_on_commit_callbacks(execute=True):
        domain = Domain.objects.get(domain="beizhan.localhost")
        domain.domain = "beizhan-new.localhost"
        domain.save()

    # then
    assert Client(HTTP_HOST="beizhan.localhost").get("/").status_code == 404
    assert Client(HTTP_HOST="beizhan-new.localhost").get("/").status_code == 200


def test_a_new_community_answers_at_a_host_that_was_unknown(db):
    # given: the host was asked for before the community existed
    assert Client(HTTP_HOST="beizhan.localhost").get("/").status_code == 404

    # when
    connection.set_schema_to_public()
    make_community("beizhan", "北站社区")

    # then
    assert Client(HTTP_HOST="beizhan.localhost").get("/").status_code == 200


def test_a_change_is_forgotten_again_after_its_commit(beizhan, django_capture_on_commit_callbacks):
    # given
    assert Client(HTTP_HOST="beizhan.localhost").get("/").status_code == 200

    # when: archived, and before the commit another request caches the row as it was
    connection.set_schema_to_public()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        community = Community.objects.get(slug="beizhan")
        community.status = Community.Status.ARCHIVED
        community.save(update_fields=["status"])
    as_it_was = Community.objects.get(slug="beizhan")
    as_it_was.status = Community.Status.ACTIVE
    cache.set(host_key("beizhan.localhost"), as_it_was, 300)
    assert Client(HTTP_HOST="beizhan.localhost").get("/").status_code == 200

    # then: the commit forgets it again
    assert len(pending) == 1
    pending[0]()
    assert Client(HTTP_HOST="beizhan.localhost").get("/").status_code == 404
