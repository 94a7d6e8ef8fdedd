"""An applicant (registered, not approved) may read only their own: `me`, which holds their application,
and their own notifications (issue 10).

Every query of the community schema is read from the schema and sent as an applicant, so a query
added later is covered without anyone remembering it.
"""

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLObjectType

from sharepool.graphql.community.applicants import APPLICANT_QUERIES
from sharepool.graphql.community.schema import schema as community_schema
from sharepool.tenants.members.models import Member
from tests.graphql.conftest import gql

# A value of each required argument's type; the gate answers before any argument is looked at.
PLACEHOLDERS = {
    "ID": '"1"',
    "String": '"x"',
    "Int": "1",
    "Boolean": "false",
    "DateTime": '"2030-01-01T00:00:00Z"',
}


PENDING_MESSAGE = "您的入会申请正在等待审核：审核通过前只能查看您自己的信息。"


def literal(type_) -> str:
    if isinstance(type_, GraphQLNonNull):
        return literal(type_.of_type)
    if isinstance(type_, GraphQLList):
        return f"[{literal(type_.of_type)}]"
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        required = {n: f.type for n, f in type_.fields.items() if isinstance(f.type, GraphQLNonNull)}
        return "{" + ", ".join(f"{n}: {literal(t)}" for n, t in required.items()) + "}"
    return PLACEHOLDERS.get(type_.name, '"x"')


def query_document(name: str, field) -> str:
    required = {n: a.type for n, a in field.args.items() if isinstance(a.type, GraphQLNonNull)}
    arguments = ", ".join(f"{n}: {literal(t)}" for n, t in required.items())
    inner = field.type
    while isinstance(inner, GraphQLNonNull | GraphQLList):
        inner = inner.of_type
    selection = " { __typename }" if isinstance(inner, GraphQLObjectType) else ""
    return f"{{ {name}{f'({arguments})' if arguments else ''}{selection} }}"


def every_query() -> dict[str, str]:
    fields = community_schema.graphql_schema.query_type.fields
    return {name: query_document(name, field) for name, field in fields.items()}


def test_an_applicant_reads_their_own_application_and_notifications(beizhan, minle, sign_in):
    applicant = sign_in(status=Member.Status.PENDING, username="lihua")

    response = gql(
        beizhan.domain, "{ me { status memberNumber } notifications { totalCount } }", token=applicant.token
    )

    assert response.json() == {
        "data": {"me": {"status": "PENDING", "memberNumber": None}, "notifications": {"totalCount": 0}}
    }
    assert APPLICANT_QUERIES == {"me", "notifications", "notificationPreferences", "__typename"}


def test_every_other_query_refuses_an_applicant(beizhan, minle, sign_in):
    # given: an applicant of beizhan, and an active resident for comparison
    applicant = sign_in(status=Member.Status.PENDING, username="lihua")
    resident = sign_in(username="zhaofang")
    queries = every_query()
    assert {"offers", "requests", "signUps", "members", "stats"} <= set(queries)

    for name, document in queries.items():
        if name in APPLICANT_QUERIES:
            continue
        # when
        as_applicant = gql(beizhan.domain, document, token=applicant.token).json()
        as_resident = gql(beizhan.domain, document, token=resident.token).json()

        # then: refused with a typed error and no data, where a resident is not refused this way
        codes = [error["extensions"]["code"] for error in as_applicant.get("errors", [])]
        assert codes == ["permission_denied"], (name, as_applicant)
        assert (as_applicant.get("data") or {}).get(name) is None, name
        assert as_applicant["errors"][0]["message"] == PENDING_MESSAGE, name
        resident_messages = [error["message"] for error in as_resident.get("errors", [])]
        assert PENDING_MESSAGE not in resident_messages, name


def test_a_rejected_applicants_token_stays_refused(beizhan, minle, sign_in):
    # given: an applicant whose application is rejected after they signed in
    applicant = sign_in(status=Member.Status.PENDING, username="lihua")
    from django_tenants.utils import schema_context

    with schema_context(beizhan.schema_name):
        Member.objects.filter(id=applicant.member.id).update(status=Member.Status.REJECTED)

    # when
    response = gql(beizhan.domain, "{ offers { totalCount } }", token=applicant.token)

    # then: the token no longer signs anyone in (rejected members may not sign in)
    assert response.status_code == 401
