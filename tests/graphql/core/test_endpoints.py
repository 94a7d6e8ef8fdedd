"""Both `/graphql/` endpoints, GraphiQL and introspection, the committed SDL."""

import io

from django.core.management import call_command
from django.test import Client

from sharepool.graphql.sdl import schemas, sdl_of
from tests.graphql.conftest import gql


def test_a_community_host_serves_the_community_schema(beizhan, minle, sign_in):
    # given
    resident = sign_in("resident")

    # when
    response = gql("beizhan.localhost", "{ me { displayName memberNumber role } }", token=resident.token)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": {"me": {"displayName": "resident-active", "memberNumber": 2, "role": "RESIDENT"}}
    }


def test_the_platform_host_serves_the_platform_schema(beizhan):
    # when: a community-only field is asked of the platform
    platform = gql("localhost", "{ communities { totalCount } }")
    community_field = gql("localhost", "{ members { totalCount } }")

    # then
    assert platform.status_code == 200
    assert platform.json()["errors"][0]["extensions"]["code"] == "authentication_required"
    assert community_field.status_code == 400
    assert community_field.json()["errors"][0]["extensions"]["code"] == "graphql_validation_failed"
    assert "members" in community_field.json()["errors"][0]["message"]


def test_an_unknown_host_gets_404_not_an_api(beizhan):
    response = gql("nowhere.localhost", "{ me { id } }")

    assert response.status_code == 404


def test_graphiql_is_served_only_with_debug(beizhan, settings):
    browser = Client(HTTP_HOST="beizhan.localhost", HTTP_ACCEPT="text/html")

    settings.DEBUG = False
    production = browser.get("/graphql/")
    settings.DEBUG = True
    development = browser.get("/graphql/")

    assert production.status_code == 405
    assert production.json()["errors"][0]["extensions"]["code"] == "method_not_allowed"
    assert development.status_code == 200
    assert "graphiql" in development.text.lower()


def test_queries_in_the_address_are_not_run_even_with_debug(beizhan, settings):
    settings.DEBUG = True
    browser = Client(HTTP_HOST="beizhan.localhost", HTTP_ACCEPT="text/html")

    response = browser.get("/graphql/", {"raw": "", "query": "{ me { id } }"})

    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "method_not_allowed"


def test_introspection_is_refused_without_debug_and_allowed_with_it(beizhan, settings):
    query = "{ __schema { queryType { name } } }"

    settings.DEBUG = False
    production = gql("beizhan.localhost", query)
    settings.DEBUG = True
    development = gql("beizhan.localhost", query)

    assert production.status_code == 400
    assert {error["extensions"]["code"] for error in production.json()["errors"]} == {
        "introspection_disabled"
    }
    assert development.status_code == 200
    assert development.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_typename_is_not_introspection(beizhan):
    response = gql("beizhan.localhost", "{ __typename }")

    assert response.json() == {"data": {"__typename": "Query"}}


def test_the_committed_sdl_matches_the_code():
    for path, schema in schemas().items():
        assert path.read_text(encoding="utf-8") == sdl_of(schema), (
            f"{path.name} is stale: run `python manage.py export_graphql_schema` and commit it"
        )


def test_the_export_command_writes_what_the_check_compares(tmp_path, monkeypatch):
    # given: the command pointed at an empty folder
    from sharepool.graphql import sdl

    monkeypatch.setattr(sdl, "SDL_DIR", tmp_path)

    # when
    call_command("export_graphql_schema", stdout=io.StringIO())

    # then
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == ["community.graphql", "platform.graphql"]
    assert "approveMember(id: ID!): ApproveMemberPayload" in (tmp_path / "community.graphql").read_text()
    assert "onboardCommunity(input: OnboardCommunityInput!)" in (tmp_path / "platform.graphql").read_text()


def test_the_benchmark_baseline_view_is_not_routed_by_default(beizhan, sign_in):
    resident = sign_in("resident")

    response = Client(HTTP_HOST="beizhan.localhost").get(
        "/bench/me.json", HTTP_AUTHORIZATION=f"Bearer {resident.token}"
    )

    assert response.status_code == 404
