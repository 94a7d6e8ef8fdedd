"""Hostile documents and bodies (issue 10): each refused or answered, never a 5xx, never a stuck worker.

The charter forbids timed assertions, so the work of validation is counted, not timed.
"""

import json

import graphql
from django.test import Client
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, Visitor, parse, visit

from sharepool.graphql.community.schema import schema as community_schema
from sharepool.graphql.core.limits import MAX_DOCUMENT_BYTES, DepthLimitRule
from tests.graphql.conftest import gql

HOST = "beizhan.localhost"


def fan_out(levels: int, spreads: int = 5) -> str:
    """`query{...F0}` where each fragment spreads the next one `spreads` times: spreads**levels paths."""
    fragments = "".join(
        f"fragment F{i} on Query{{{' '.join([f'...F{i + 1}'] * spreads)}}}" for i in range(levels)
    )
    return "query{...F0}" + fragments + f"fragment F{levels} on Query{{__typename}}"


def selections_in(document) -> int:
    counted = []

    class Count(Visitor):
        def enter(self, node, *_args):
            if isinstance(node, FieldNode | FragmentSpreadNode | InlineFragmentNode):
                counted.append(node)

    visit(document, Count())
    return len(counted)


def depth_rule_visits(text: str) -> int:
    visits = []

    class Counting(DepthLimitRule):
        def leave_document(self, *_args):
            visits.append(self.visits)

    errors = graphql.validate(community_schema.graphql_schema, parse(text), [Counting])
    assert errors == []
    return visits[0]


def test_the_depth_rule_looks_at_each_selection_of_a_fragment_fan_out_once():
    # given: fan-outs of 4 to 12 levels (5**12 spread paths at 12; 729 bytes, far under the size limit)
    documents = {levels: fan_out(levels) for levels in (4, 8, 12)}
    assert len(documents[12].encode()) < MAX_DOCUMENT_BYTES

    # when
    visits = {levels: depth_rule_visits(text) for levels, text in documents.items()}

    # then: the work is the number of selections in the document, not the number of paths
    assert visits == {levels: selections_in(parse(text)) for levels, text in documents.items()}
    assert visits[12] == 5 * 12 + 2


def test_a_fragment_shared_at_two_depths_is_measured_at_the_deeper_one():
    # given: a self-referencing schema; fragment B is 9 fields deep and reached at depth 1 and at depth 2
    import graphene

    class Node(graphene.ObjectType):
        child = graphene.Field(lambda: Node)
        name = graphene.String()

    class Query(graphene.ObjectType):
        node = graphene.Field(Node)

    schema = graphene.Schema(query=Query).graphql_schema
    nine = "fragment B on Node { " + "child { " * 8 + "name" + " }" * 8 + " }"
    shallow_then_deep = "{ node { ...B child { ...B } } } " + nine
    shallow_only = "{ node { ...B } } " + nine

    # when
    deep_errors = graphql.validate(schema, parse(shallow_then_deep), [DepthLimitRule])
    shallow_errors = graphql.validate(schema, parse(shallow_only), [DepthLimitRule])

    # then: the remembered depth of B is relative, so its second use still makes 11 levels
    assert [error.extensions["code"] for error in deep_errors] == ["query_too_deep"]
    assert shallow_errors == []


def test_a_fragment_fan_out_over_http_is_answered(beizhan):
    # when: the 12-level fan-out from the issue, with no login
    response = gql(HOST, fan_out(12))

    # then
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


def post(body: str) -> object:
    return Client().generic("POST", "/graphql/", body, content_type="application/json", HTTP_HOST=HOST)


def test_deeply_nested_json_in_the_body_is_400_invalid_json(beizhan):
    response = post("[" * 5000 + "]" * 5000)

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "invalid_json"


def test_deeply_nested_json_in_the_variables_is_400_invalid_json(beizhan):
    body = '{"query": "{ me { id } }", "variables": {"x": ' + "[" * 5000 + "]" * 5000 + "}}"

    response = post(body)

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "invalid_json"


def test_json_nested_as_deep_as_a_real_request_is_read(beizhan):
    # given: variables nested 20 deep, more than any operation's input needs
    body = json.dumps({"query": "{ __typename }", "variables": {"x": json.loads("[" * 20 + "]" * 20)}})

    response = post(body)

    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}
