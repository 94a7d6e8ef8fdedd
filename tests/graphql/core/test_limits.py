"""Limits: every refused request is a 4xx with a GraphQL error and a stable code, never a 500 (issue #3)."""

import json

from django.test import Client

from sharepool.graphql.core.documents import parse_and_validate
from sharepool.graphql.core.limits import MAX_ALIASES_PER_FIELD, MAX_BATCH, MAX_DOCUMENT_BYTES
from sharepool.tenants.members.models import Member
from tests.graphql.conftest import gql

HOST = "beizhan.localhost"


def post(body, content_type="application/json", **headers):
    return Client().generic("POST", "/graphql/", body, content_type=content_type, HTTP_HOST=HOST, **headers)


def code_of(response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


def test_wrong_content_type_is_415(beizhan):
    response = post("query={ me { id } }", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 415
    assert code_of(response) == "unsupported_content_type"


def test_malformed_json_is_400(beizhan):
    response = post('{"query": "{ me { id } }"')

    assert response.status_code == 400
    assert code_of(response) == "malformed_request"


def test_a_body_without_a_query_string_is_400(beizhan):
    for body in ("[]", "3", '{"query": 3}', '{"query": "{ me { id } }", "variables": [1]}'):
        response = post(body)
        assert response.status_code == 400, body
        assert code_of(response) in ("malformed_request", "batch_too_large"), body


def test_an_oversized_document_is_400(beizhan):
    padding = " " * MAX_DOCUMENT_BYTES
    response = gql(HOST, "{ me { id }" + padding + "}")

    assert response.status_code == 400
    assert code_of(response) == "document_too_large"


def test_an_oversized_body_is_400_before_it_is_read(beizhan):
    from sharepool.graphql.core.views import MAX_BODY_BYTES

    body = json.dumps({"query": "{ me { id } }", "variables": {"padding": "x" * MAX_BODY_BYTES}})

    response = post(body)

    assert response.status_code == 400
    assert code_of(response) == "document_too_large"


def test_a_syntax_error_is_400(beizhan):
    response = gql(HOST, "{ me { id ")

    assert response.status_code == 400
    assert code_of(response) == "graphql_parse_failed"


def test_an_unknown_field_is_400(beizhan):
    response = gql(HOST, "{ me { password } }")

    assert response.status_code == 400
    assert code_of(response) == "graphql_validation_failed"
    assert "password" in response.json()["errors"][0]["message"]


def test_a_wrong_variable_is_400(beizhan):
    response = gql(HOST, "query ($s: MemberStatus) { members(status: $s) { totalCount } }", {"s": "NOPE"})

    assert response.status_code == 400
    assert response.json()["data"] is None


def test_depth_eleven_is_refused_and_depth_ten_is_not():
    # given: a schema with a self-referencing type, so that any depth is valid GraphQL
    import graphene

    class Node(graphene.ObjectType):
        child = graphene.Field(lambda: Node)
        name = graphene.String()

    class Query(graphene.ObjectType):
        node = graphene.Field(Node)

    schema = graphene.Schema(query=Query).graphql_schema

    def query(depth):
        return "{ node " + "{ child " * (depth - 2) + "{ name }" + " }" * (depth - 2) + " }"

    # when
    _doc, _syntax, ten = parse_and_validate(schema, query(10), False)
    _doc, _syntax, eleven = parse_and_validate(schema, query(11), False)
    fragment = "fragment deep on Node { " + "child { " * 9 + "name" + " }" * 9 + " }"
    _doc, _syntax, through_fragment = parse_and_validate(schema, "{ node { ...deep } } " + fragment, False)

    # then
    assert ten == ()
    assert [error.extensions["code"] for error in eleven] == ["query_too_deep"]
    assert [error.extensions["code"] for error in through_fragment] == ["query_too_deep"]


def test_depth_eleven_over_http_is_400(beizhan):
    # given: a depth-11 document (the community schema is shallower: the limits are checked before the
    # rest of validation, so only the depth is reported)
    query = "{ members { items { " + "a { " * 9 + "b" + " }" * 9 + " } } }"

    # when
    response = gql(HOST, query)

    # then
    assert response.status_code == 400
    assert [error["extensions"]["code"] for error in response.json()["errors"]] == ["query_too_deep"]


def test_an_alias_flood_is_400(beizhan, sign_in):
    resident = sign_in("resident")
    allowed = " ".join(f"a{i}: me {{ id }}" for i in range(MAX_ALIASES_PER_FIELD))
    flood = " ".join(f"a{i}: me {{ id }}" for i in range(MAX_ALIASES_PER_FIELD + 1))

    ok = gql(HOST, "{ " + allowed + " }", token=resident.token)
    refused = gql(HOST, "{ " + flood + " }", token=resident.token)

    assert ok.status_code == 200
    assert len(ok.json()["data"]) == MAX_ALIASES_PER_FIELD
    assert refused.status_code == 400
    assert code_of(refused) == "too_many_aliases"


def test_a_batch_runs_each_operation_and_an_oversized_batch_is_400(beizhan, sign_in):
    resident = sign_in("resident")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {resident.token}"}
    operation = {"query": "{ me { memberNumber } }"}

    batch = post(json.dumps([operation] * MAX_BATCH), **auth)
    too_big = post(json.dumps([operation] * (MAX_BATCH + 1)), **auth)

    assert batch.status_code == 200
    assert batch.json() == [{"data": {"me": {"memberNumber": 2}}}] * MAX_BATCH
    assert too_big.status_code == 400
    assert code_of(too_big) == "batch_too_large"


def test_a_refused_mutation_in_a_malformed_request_changes_nothing(beizhan):
    # given
    register = 'mutation { register(input: {username: "x1", password: "p", displayName: "x", phone: "1"}) { errors { code } } }'

    # when: sent as a form post
    response = post(f"query={register}", content_type="application/x-www-form-urlencoded")

    # then
    assert response.status_code == 415
    from django_tenants.utils import schema_context

    with schema_context(beizhan.schema_name):
        assert Member.objects.count() == 1
