"""Every operation of both schemas, as every role, against the permission tables (issue 11).

The operations and their declarations are read from the graphene schemas, so a new query or mutation is
walked without editing this file, and one that declares nothing fails
`test_every_operation_declares_who_may_run_it`. Each operation is sent once per role with the plausible
values of test_bad_input_never_500 (real rows of beizhan and of the demo federation), in a savepoint that
is rolled back. What the tables give the role decides the expected answer: allowed means any answer but
a refusal (the operation may still fail on its data); refused means a refusal code and no row changed.
Rules that apply only to some calls (`in_domain(..., when=...)`, e.g. acting for someone else) are not
in play with these values; their own tests sit with their domain.
"""

from dataclasses import replace

import graphene
from django.db import connection, transaction
from graphql import GraphQLNonNull

from sharepool.graphql.community.schema import schema as community_schema
from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import PUBLIC, Access, InDomain, declarations, requires
from sharepool.graphql.platform.schema import schema as platform_schema
from sharepool.platform.accounts.permissions import PLATFORM_PERMISSIONS, StaffRole
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.actors import ActorKind, street_office_actor
from sharepool.platform.federation.models import FederatedOrganisation
from sharepool.platform.federation.permissions import FEDERATION_PERMISSIONS
from sharepool.platform.federation.tokens import do_issue_organisation_token
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import COMMUNITY_PERMISSIONS, CommunityPermission
from tests.graphql.conftest import add_member, gql, token_for
from tests.graphql.platform.conftest import staff_token
from tests.graphql.test_bad_input_never_500 import (  # noqa: F401 (fixtures)
    MISSING,
    Host,
    changed,
    community_host,
    platform_host,
    plausible,
    row_counts,
    row_counts_query,
    selection,
)

REFUSALS = {"authentication_required", "permission_denied", "not_permitted", "not_allowed"}


def is_refusal(code: str) -> bool:
    # Access rules answer "forbidden" as "missing" (STYLE.md 6), so a refused caller may see "not found".
    return code in REFUSALS or code.endswith("_not_found")


def test_every_operation_declares_who_may_run_it():
    for schema in (community_schema, platform_schema):
        undeclared = [name for name, declared in declarations(schema).items() if not declared]
        assert undeclared == []


def test_an_operation_that_declares_nothing_is_found():
    # given: a schema with one declared query and one mutation that declares nothing
    class Undeclared(DomainMutation):
        ok = graphene.Boolean()

    class Query(graphene.ObjectType):
        ping = graphene.String()

        @staticmethod
        @requires(PUBLIC)
        def resolve_ping(_root, _info):
            return "pong"

    class Mutation(graphene.ObjectType):
        undeclared = Undeclared.Field()

    # when
    found = declarations(graphene.Schema(query=Query, mutation=Mutation))

    # then
    assert found == {("query", "ping"): (PUBLIC,), ("mutation", "undeclared"): None}


def test_the_sdl_prints_who_may_run_an_operation():
    # then: the declaration and the roles the table gives it, on the operation's description
    mutation = community_schema.graphql_schema.mutation_type.fields["approveMember"]
    assert mutation.description.endswith("Permission: signed in; approve_members (worker, admin).")
    adjust = community_schema.graphql_schema.mutation_type.fields["adjustBalance"]
    assert adjust.description.endswith(
        "Permission: signed in; adjust_balances (admin; checked by the domain)."
    )


ALLOWED, REFUSED, EITHER = "allowed", "refused", "allowed or refused"


def expected(declared: tuple, signed_in: bool, grants: frozenset) -> str:
    """What the tables say: a rule with `when` may or may not be in play with the plausible values."""
    if PUBLIC in declared:
        return ALLOWED
    if not signed_in:
        return REFUSED
    outcome = ALLOWED
    for item in declared:
        if isinstance(item, Access):
            continue
        permission = item.permission if isinstance(item, InDomain) else item
        if permission in grants:
            continue
        if isinstance(item, InDomain) and item.when is not None:
            outcome = EITHER
        else:
            return REFUSED
    return outcome


def document_and_variables(host: Host, kind: str, operation: str, root_field) -> tuple[str, dict]:
    arguments = root_field.args
    definitions = ", ".join(f"${name}: {arg.type}" for name, arg in arguments.items())
    call = ", ".join(f"{name}: ${name}" for name in arguments)
    document = (
        f"{kind}{f' ({definitions})' if definitions else ''} "
        f"{{ {operation}{f'({call})' if call else ''} {selection(root_field.type)} }}"
    )
    variables = {}
    for name, arg in arguments.items():
        value = plausible(host, operation, name, arg.type, isinstance(arg.type, GraphQLNonNull))
        if value is not MISSING:
            variables[name] = value
    return document, variables


def refusal_of(kind: str, operation: str, body: dict) -> str | None:
    codes = [error.get("extensions", {}).get("code") for error in body.get("errors") or []]
    payload = (body.get("data") or {}).get(operation)
    if kind == "mutation" and isinstance(payload, dict):
        codes += [error["code"] for error in payload.get("errors") or []]
    return next((code for code in codes if code and is_refusal(code)), None)


def walk(host: Host, callers: dict[str, tuple[str | None, frozenset]], schema_names: list[str]) -> list[str]:
    """Mismatches between the tables and the answers, one line each; checks every refusal changed nothing."""
    # Each caller acts for themself: acting for someone else is a rule with `when`, tested with its domain.
    host = replace(
        host,
        ids={name: value for name, value in host.ids.items() if name != "onBehalfOf"},
        overrides={key: value for key, value in host.overrides.items() if key[1] != "onBehalfOf"},
    )
    counts_query = row_counts_query(schema_names)
    before = row_counts(counts_query)
    graphql_schema = host.schema.graphql_schema
    roots = {"query": graphql_schema.query_type, "mutation": graphql_schema.mutation_type}
    mismatches = []
    for (kind, operation), declared in declarations(host.schema).items():
        document, variables = document_and_variables(host, kind, operation, roots[kind].fields[operation])
        for role, (token, grants) in callers.items():
            savepoint = transaction.savepoint()
            try:
                response = gql(host.domain, document, variables, token=token)
                refusal = refusal_of(kind, operation, response.json())
                expectation = expected(declared, token is not None, grants)
                # a row the plausible values name may be out of this caller's reach: not the table's answer
                if expectation == ALLOWED and refusal in REFUSALS:
                    mismatches.append(f"{operation} as {role}: refused with {refusal}, the table allows it")
                if expectation == REFUSED and refusal is None:
                    mismatches.append(f"{operation} as {role}: not refused, the table does not allow it")
                if refusal is not None and changed(before, row_counts(counts_query)):
                    mismatches.append(f"{operation} as {role}: refused but changed rows")
            finally:
                transaction.savepoint_rollback(savepoint)
                transaction.set_rollback(False)
                connection.set_schema_to_public()
    return mismatches


def test_every_community_operation_as_every_role_matches_the_table(community_host, beizhan, minle):  # noqa: F811
    # given: a member of every role in beizhan, each with a token
    callers: dict[str, tuple[str | None, frozenset]] = {"anonymous": (None, frozenset())}
    for role in Member.Role:
        member = add_member(beizhan.schema_name, f"walk-{role}", role=role)
        kind = (
            ActorKind.COMMUNITY_WORKER
            if CommunityPermission.REPRESENT_COMMUNITY in COMMUNITY_PERMISSIONS.permissions_of(role)
            else ActorKind.RESIDENT
        )
        grants = COMMUNITY_PERMISSIONS.permissions_of(role) | FEDERATION_PERMISSIONS.permissions_of(kind)
        callers[str(role)] = (token_for(beizhan.schema_name, member), grants)

    # when
    mismatches = walk(community_host, callers, ["public", beizhan.schema_name, minle.schema_name])

    # then
    assert mismatches == [], "\n".join(mismatches)


def test_every_platform_operation_as_every_role_matches_the_table(platform_host, beizhan, minle):  # noqa: F811
    # given: street-office staff of beizhan's office, an operator and an organisation's API token
    office = street_office_actor(Community.objects.get(slug="beizhan").street_office_id)
    committee = FederatedOrganisation.objects.get(name="北站社区党委")
    organisation_token = do_issue_organisation_token(actor=office, organisation_id=committee.id, name="walk")
    callers: dict[str, tuple[str | None, frozenset]] = {
        "anonymous": (None, frozenset()),
        "street_office_staff": (
            staff_token("walk-minzhi", "民治街道"),
            PLATFORM_PERMISSIONS.permissions_of(StaffRole.STREET_OFFICE_STAFF)
            | FEDERATION_PERMISSIONS.permissions_of(ActorKind.STREET_OFFICE),
        ),
        "operator": (
            staff_token("walk-operator", None),
            PLATFORM_PERMISSIONS.permissions_of(StaffRole.OPERATOR)
            | FEDERATION_PERMISSIONS.permissions_of(ActorKind.OPERATOR),
        ),
        "organisation": (
            organisation_token.token,
            FEDERATION_PERMISSIONS.permissions_of(ActorKind.ORGANISATION),
        ),
    }
    # when
    mismatches = walk(platform_host, callers, ["public", beizhan.schema_name, minle.schema_name])

    # then
    assert mismatches == [], "\n".join(mismatches)
