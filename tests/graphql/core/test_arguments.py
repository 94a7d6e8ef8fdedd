"""Every argument of both schemas goes through one preparation (sharepool/graphql/core/arguments.py, issue 10):
an explicit null for an optional argument is its default; a lone surrogate in any string is `text_invalid`.
"""

from graphql import GraphQLNonNull, Undefined

from sharepool.graphql.community.schema import schema as community_schema
from sharepool.graphql.platform.schema import schema as platform_schema
from sharepool.tenants.members.models import Member
from tests.graphql.conftest import gql


def defaulted_queries(schema) -> dict[str, list[str]]:
    """Query fields without required arguments, with the names of their arguments that have a default."""
    found = {}
    for name, field in schema.graphql_schema.query_type.fields.items():
        if any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values()):
            continue
        defaulted = [arg_name for arg_name, arg in field.args.items() if arg.default_value is not Undefined]
        if defaulted:
            found[name] = defaulted
    return found


def test_an_explicit_null_answers_like_the_default_on_every_community_query(beizhan, minle, sign_in):
    # given: the community admin; every query with defaulted arguments, generated from the schema
    admin = sign_in(Member.Role.ADMIN)
    queries = defaulted_queries(community_schema)
    assert {"offers", "requests", "members", "honours", "statsHistory"} <= set(queries)

    for name, arguments in queries.items():
        field = community_schema.graphql_schema.query_type.fields[name]
        leaf = "__typename"
        nulls = ", ".join(f"{argument}: null" for argument in arguments)

        # when
        omitted = gql(beizhan.domain, f"{{ {name} {{ {leaf} }} }}", token=admin.token)
        explicit = gql(beizhan.domain, f"{{ {name}({nulls}) {{ {leaf} }} }}", token=admin.token)

        # then
        assert omitted.status_code == explicit.status_code == 200, (name, explicit.json())
        assert explicit.json() == omitted.json(), name
        assert "errors" not in explicit.json(), (name, field.type, explicit.json())


def test_an_explicit_null_answers_like_the_default_on_every_platform_query(beizhan, minle, staff_token):
    queries = defaulted_queries(platform_schema)
    assert {"communities", "alliances", "projects", "organisations", "demands"} <= set(queries)

    for name, arguments in queries.items():
        nulls = ", ".join(f"{argument}: null" for argument in arguments)

        omitted = gql("localhost", f"{{ {name} {{ __typename }} }}", token=staff_token)
        explicit = gql("localhost", f"{{ {name}({nulls}) {{ __typename }} }}", token=staff_token)

        assert explicit.status_code == omitted.status_code == 200, (name, explicit.json())
        assert explicit.json() == omitted.json(), name


def test_a_lone_surrogate_in_a_query_argument_is_text_invalid(beizhan, sign_in):
    resident = sign_in()

    response = gql(
        beizhan.domain,
        "query ($t: String) { requests(text: $t) { totalCount } }",
        {"t": "\ud800"},
        token=resident.token,
    )

    assert response.status_code == 200
    assert [error["extensions"]["code"] for error in response.json()["errors"]] == ["text_invalid"]


def test_a_lone_surrogate_in_a_mutation_input_is_refused_on_its_payload_and_stores_nothing(beizhan):
    register = "mutation ($input: RegisterInput!) { register(input: $input) { errors { field code } } }"
    fields = {"username": "qian", "password": "correct-horse-battery-9", "phone": "13912345678"}

    response = gql(beizhan.domain, register, {"input": {**fields, "displayName": "钱\ud800"}})

    assert response.json() == {
        "data": {"register": {"errors": [{"field": "displayName", "code": "text_invalid"}]}}
    }
    from django_tenants.utils import schema_context

    with schema_context(beizhan.schema_name):
        assert Member.objects.count() == 1
