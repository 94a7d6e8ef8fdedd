"""Hostile documents and bodies (issue 10): each refused or answered, never a 5xx, never a stuck worker.

The charter forbids timed assertions, so the work of validation is counted, not timed.
"""

import json

import graphql
from django.test import Client
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, Visitor, parse, visit

from sharepool.graphql.community.schema import schema as community_schema
from sharepool.graphql.core.limits import (
    ASSUMED_LIST_SIZE,
    MAX_DOCUMENT_BYTES,
    MAX_QUERY_COST,
    DepthLimitRule,
    query_cost,
)
from sharepool.graphql.platform.schema import schema as platform_schema
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


# --- cost ------------------------------------------------------------------------------------------------


def cost_of(text: str, variables: dict | None = None) -> int:
    return query_cost(community_schema.graphql_schema, parse(text), None, variables)


def test_a_page_costs_its_limit_times_what_each_item_asks():
    # then: 1 for the page, and per item 1 for `items`' object and 1 for the member
    assert cost_of("{ offers(limit: 100) { items { id member { displayName } } } }") == 1 + 100 * 2
    assert cost_of("{ offers { items { id } } }") == 1 + 20 * 1  # the default limit
    # a list without a limit counts as ASSUMED_LIST_SIZE: the organisations' view of their projects'
    # activities and sign-ups (tests/graphql/platform/federation/test_federation_api.py)
    projects = """{ projects { items { activities {
      id checkInCode signups { community { slug } memberId displayName checkedInAt } } } } }"""
    signups = 1 + ASSUMED_LIST_SIZE * 1
    activities = 1 + ASSUMED_LIST_SIZE * signups
    assert query_cost(platform_schema.graphql_schema, parse(projects), None, None) == 1 + 20 * (
        1 + activities
    )
    assert 1 + 20 * (1 + activities) < MAX_QUERY_COST
    assert cost_of("query ($n: Int) { offers(limit: $n) { items { id } } }", {"n": 10}) == 1 + 10
    assert cost_of("{ offers(limit: null) { totalCount } }") == 1
    # a limit over the maximum is refused by the page itself: it costs the maximum
    assert cost_of("{ offers(limit: 100000) { items { id } } }") == 1 + 100
    # through a fragment, once per fragment however often it is spread
    spread = "{ a: offers(limit: 100) { ...P } b: requests(limit: 100) { totalCount } } "
    assert cost_of(spread + "fragment P on OfferPage { items { id } }") == (1 + 100) + 1


def page_fields() -> list[str]:
    """Query fields of the community schema that return a page (`items`) and need no argument."""
    found = []
    for name, field in community_schema.graphql_schema.query_type.fields.items():
        page = field.type.of_type if hasattr(field.type, "of_type") else field.type
        required = [a for a in field.args.values() if str(a.type).endswith("!")]
        if "limit" in field.args and "items" in getattr(page, "fields", {}) and not required:
            found.append(name)
    return found


def flood_document(fields: list[str]) -> str:
    selections = " ".join(
        f"a{n}_{name}: {name}(limit: 100) {{ items {{ __typename }} }}" for name in fields for n in range(5)
    )
    return "{ " + selections + " }"


def test_the_batch_of_the_issue_is_400_query_too_costly_before_anything_runs(beizhan, sign_in):
    # given: 10 documents, each 5 aliases x 11 list fields with limit 100, as a signed-in resident
    resident = sign_in()
    fields = page_fields()[:11]
    assert len(fields) == 11
    operation = {"query": flood_document(fields)}

    # when
    response = Client().post(
        "/graphql/",
        data=json.dumps([operation] * 10),
        content_type="application/json",
        HTTP_HOST=HOST,
        HTTP_AUTHORIZATION=f"Bearer {resident.token}",
    )

    # then: refused as a whole, naming the limit; nothing ran (no data at all)
    assert response.status_code == 400
    body = response.json()
    assert [error["extensions"]["code"] for error in body["errors"]] == ["query_too_costly"]
    assert f"{MAX_QUERY_COST}" in body["errors"][0]["message"]
    assert "data" not in body


def test_a_page_of_100_is_not_refused(beizhan, sign_in):
    resident = sign_in()

    page = gql(
        HOST,
        "{ offers(limit: 100) { totalCount items { id title member { displayName } category { name } } } }",
        token=resident.token,
    )

    assert page.status_code == 200
    assert page.json() == {"data": {"offers": {"totalCount": 0, "items": []}}}
