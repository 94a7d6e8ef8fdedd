"""Bad input gets a clear error and changes nothing, for every operation of both schemas (STYLE.md 4).

The operations are read from the graphene schemas, so a new mutation or query argument is covered
without editing this file. Each operation is sent once with plausible values (a baseline built from the
demo-like data below), then once per hostile value of one argument at a time, as the most privileged
signed-in identity of the host (the community admin; the platform operator), so that permission checks
don't answer first. Every request runs in a savepoint that is rolled back, so each starts from the same
data. A request may be refused; it may never fail with a 500 or `internal_error`, and a refusal on a
mutation payload must leave every row count of the public schema and both communities' schemas as it was.

The platform schema's test is in test_bad_input_never_500_platform.py: each of the two takes a minute or
more, and the test processes share work by file (`--dist loadfile`), so in one file they ran one after the
other in a single process (issue 11).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)

from sharepool.demo.federation import DEMO_ALLIANCE, seed_demo_federation
from sharepool.demo.members import seed_demo_members
from sharepool.graphql.community.schema import schema as community_schema
from sharepool.graphql.platform.schema import schema as platform_schema
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.actors import organisation_actor, street_office_actor
from sharepool.platform.federation.alliances import do_invite_to_alliance
from sharepool.platform.federation.models import (
    Alliance,
    Demand,
    FederatedOrganisation,
    Project,
    ProjectActivity,
    Resource,
)
from sharepool.platform.federation.organisations import do_register_organisation
from sharepool.platform.federation.tokens import do_issue_organisation_token
from sharepool.tenants.activities.services import do_create_activity
from sharepool.tenants.members.models import Member
from sharepool.tenants.timebank.models import Category
from sharepool.tenants.timebank.services import do_post_offer, do_post_request, do_propose_exchange
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import gql, token_for
from tests.graphql.platform.conftest import staff_token

# Control characters, a lone surrogate (valid JSON, not encodable as UTF-8), bidi and zero-width marks,
# fullwidth letters, combining marks (issue 10).
STRINGS = [
    "",
    "   ",
    "x" * 10_000,
    "a\x00b",
    "😀中文",
    "a\ud800b",
    "\x01\x1b[31m\x7f",
    "\u202eabc\u200b",
    "ｚｈａｏｆａｎｇ",
    "e\u0301\u0301\u0301",
]
INTS = [0, -1, 2**31 - 1, -(2**31)]
DATETIMES = ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00"]
DATES = ["0001-01-01", "9999-12-31"]
TIMES = ["00:00:00", "23:59:59.999999", "16:30:00+14:00"]
LONG_LIST = 200
MISSING = object()
# A failed sign-in is recorded on purpose, so that the throttle can count it (issue #3).
RECORDS_OF_REFUSALS = {
    "members_memberloginattempt",
    "accounts_staffloginattempt",
    "credentials_addressloginattempt",
}


@dataclass
class Host:
    """A host's endpoint, its most privileged caller, and plausible values for arguments by name."""

    domain: str
    schema: object
    token: str
    ids: dict[str, str]
    foreign_id: str  # a real id, of another community
    strings: dict[str, str] = field(default_factory=dict)
    ints: dict[str, int] = field(default_factory=dict)
    # (operation, argument) -> value, where the same argument name means different things
    overrides: dict[tuple[str, str], object] = field(default_factory=dict)


def next_year() -> int:
    return timezone.now().year + 1


PLAUSIBLE_STRINGS = {
    "password": TEST_PASSWORD,
    "username": "fuzzer",
    "phone": "13912345678",
    "kind": "school",
    "visibility": "alliance",
    "category": "safety_education",
    "idempotencyKey": "fuzz-1",
    "slug": "fuzzville",
    "email": "fuzz@example.cn",
}
PLAUSIBLE_INTS = {
    "capacity": 10,
    "quantity": 5,
    "minutes": 60,
    "minutesCredited": 60,
    "expiresInDays": 30,
    "volunteerSlots": 5,
    "awardMinutes": 60,
    "peopleServed": 10,
    "volunteerMinutes": 60,
    "population": 1000,
    "plannedActivities": 3,
    "targetPeopleServed": 100,
    "targetVolunteerMinutes": 600,
}


@pytest.fixture
def community_host(beizhan, minle) -> Host:
    # given: beizhan's demo members (a pending applicant among them), an offer, a request, an exchange
    # and an activity; the admin's token
    seed_demo_members()
    with schema_context(beizhan.schema_name):
        admin = Member.objects.get(role=Member.Role.ADMIN)
        zhaofang = Member.objects.get(user__username="zhaofang")
        wang = Member.objects.get(user__username="wangjianguo")
        pending = Member.objects.get(user__username="lihua")
        category = Category.objects.order_by("id").first()
        offer = do_post_offer(actor_id=zhaofang.id, category_id=category.id, title="修电脑")
        request = do_post_request(actor_id=wang.id, category_id=category.id, title="求助：修水管")
        exchange = do_propose_exchange(actor_id=wang.id, offer_id=offer.id)
        starts = timezone.now() + timedelta(days=1)
        activity = do_create_activity(
            actor_id=wang.id,
            title="四点半课堂",
            category_id=category.id,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="社区党群服务中心",
            capacity=10,
            minutes_credited=120,
        )
    token = token_for(beizhan.schema_name, admin)
    return Host(
        domain=beizhan.domain,
        schema=community_schema,
        token=token,
        foreign_id=str(Community.objects.get(slug="minle").id),
        ids={
            "memberId": str(zhaofang.id),
            "onBehalfOf": str(zhaofang.id),
            "organiserId": str(wang.id),
            "categoryId": str(category.id),
            "offerId": str(offer.id),
            "requestId": str(request.id),
            "activityId": str(activity.id),
            "id": str(exchange.id),
        },
        strings=dict(PLAUSIBLE_STRINGS),
        ints=dict(PLAUSIBLE_INTS),
        overrides={
            ("closeOffer", "id"): str(offer.id),
            ("closeRequest", "id"): str(request.id),
            ("approveMember", "id"): str(pending.id),
            ("rejectMember", "id"): str(pending.id),
            ("proposeExchange", "offerId"): str(offer.id),
            ("proposeExchange", "requestId"): MISSING,  # one listing at a time
            ("proposeExchange", "onBehalfOf"): str(wang.id),
            ("disputeExchange", "onBehalfOf"): MISSING,
            ("login", "username"): "admin",
        },
    )


@pytest.fixture
def platform_host(beizhan, minle) -> Host:
    # given: the demo federation (organisations, an alliance, resources, demands, a project and its
    # activities), an organisation invited but not yet a member, an organisation token; an operator
    seed_demo_members()
    seed_demo_federation()
    beizhan_row = Community.objects.get(slug="beizhan")
    office = street_office_actor(beizhan_row.street_office_id)
    committee = FederatedOrganisation.objects.get(name="北站社区党委")
    alliance = Alliance.objects.get(name=DEMO_ALLIANCE)
    brigade = do_register_organisation(actor=office, name="龙华交警大队", kind="government")
    invitation = do_invite_to_alliance(
        actor=organisation_actor(committee), alliance_id=alliance.id, organisation_id=brigade.id
    )
    issued = do_issue_organisation_token(actor=office, organisation_id=committee.id, name="接口")
    project = Project.objects.order_by("id").first()
    resource = Resource.objects.filter(organisation=committee).first() or Resource.objects.first()
    demand = Demand.objects.order_by("id").first()
    activity = ProjectActivity.objects.order_by("id").first()
    return Host(
        domain="localhost",
        schema=platform_schema,
        token=staff_token("operator", None),
        foreign_id=str(Community.objects.get(slug="minle").id),
        ids={
            "organisationId": str(committee.id),
            "convenerOrganisationId": str(committee.id),
            "homeCommunityId": str(beizhan_row.id),
            "hostCommunityId": str(beizhan_row.id),
            "communityId": str(beizhan_row.id),
            "streetOfficeId": str(beizhan_row.street_office_id),
            "allianceId": str(alliance.id),
            "allianceIds": str(alliance.id),
            "organisationIds": str(committee.id),
            "invitationId": str(invitation.id),
            "tokenId": str(issued.token_id),
            "resourceId": str(resource.id),
            "demandId": str(demand.id),
            "projectId": str(project.id),
            "activityId": str(activity.id),
        },
        ints={**PLAUSIBLE_INTS, "year": next_year()},
        strings={**PLAUSIBLE_STRINGS, "streetOffice": "民治街道"},
        overrides={
            ("leaveAlliance", "organisationId"): str(brigade.id),
            ("login", "username"): "operator",
            # within the year the demo project has a plan for
            ("scheduleProjectActivity", "startsAt"): f"{next_year()}-03-01T09:00:00+08:00",
            ("scheduleProjectActivity", "endsAt"): f"{next_year()}-03-01T11:00:00+08:00",
        },
    )


# --- values, from the schema's types -------------------------------------------------------------------


def named(type_):
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def nullable(type_):
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def plausible(host: Host, operation: str, name: str, type_, required: bool):
    """A value a careful client would send, or MISSING to leave an optional argument out."""
    if (operation, name) in host.overrides:
        return host.overrides[(operation, name)]
    type_ = nullable(type_)
    if isinstance(type_, GraphQLList):
        element = plausible(host, operation, name, type_.of_type, True)
        return MISSING if element is MISSING and not required else [] if element is MISSING else [element]
    if isinstance(type_, GraphQLInputObjectType):
        value = {}
        for field_name, input_field in type_.fields.items():
            field_value = plausible(
                host, operation, field_name, input_field.type, isinstance(input_field.type, GraphQLNonNull)
            )
            if field_value is not MISSING:
                value[field_name] = field_value
        return value
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values)) if required else MISSING
    scalar = type_.name
    if scalar == "ID":
        return host.ids.get(name, "1" if required else MISSING)
    if scalar == "String":
        return host.strings.get(name, "共享测试" if required else MISSING)
    if scalar == "Int":
        return host.ints.get(name, 1 if required else MISSING)
    tomorrow = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    if scalar == "DateTime":
        moment = tomorrow + timedelta(hours=2) if name.startswith("end") else tomorrow
        return moment.isoformat() if required else MISSING
    if scalar == "Date":
        day = date(next_year(), 2, 25) if name.startswith("end") else date(next_year(), 1, 15)
        return day.isoformat() if required else MISSING
    if scalar == "Time":
        return "16:30:00" if required else MISSING
    if scalar == "Boolean":
        return False if required else MISSING
    raise AssertionError(f"no plausible value for scalar {scalar}")


def hostile(host: Host, operation: str, name: str, type_) -> list:
    """Type-correct values a careless or malicious client might send for one argument."""
    if not isinstance(type_, GraphQLNonNull):  # an explicit null where the argument is optional
        return [None, *hostile(host, operation, name, GraphQLNonNull(type_))]
    type_ = nullable(type_)
    if isinstance(type_, GraphQLList):
        element = plausible(host, operation, name, type_.of_type, True)
        inner = [[value] for value in hostile(host, operation, name, type_.of_type)]
        return [[], [element] * LONG_LIST, *inner]
    if isinstance(type_, GraphQLInputObjectType):
        base = plausible(host, operation, name, type_, True)
        variants = []
        for field_name, input_field in type_.fields.items():
            for value in hostile(host, operation, field_name, input_field.type):
                variants.append({**base, field_name: value})
        return variants
    if isinstance(type_, GraphQLEnumType):
        return list(type_.values)
    assert isinstance(type_, GraphQLScalarType)
    return {
        "ID": ["0", "-1", "abc", "9999999999999999999999", host.foreign_id],
        "String": STRINGS,
        "Int": INTS,
        "DateTime": DATETIMES,
        "Date": DATES,
        "Time": TIMES,
        "Boolean": [True, False],
    }[type_.name]


def selection(type_, depth: int = 2) -> str:
    """Every argument-free leaf field, two levels deep: enough to run the resolvers bad input reaches."""
    type_ = named(type_)
    if not isinstance(type_, GraphQLObjectType):
        return ""
    parts = ["__typename"]
    for field_name, object_field in type_.fields.items():
        if any(isinstance(arg.type, GraphQLNonNull) for arg in object_field.args.values()):
            continue
        inner = named(object_field.type)
        if isinstance(inner, GraphQLObjectType):
            if depth > 1:
                parts.append(f"{field_name} {selection(inner, depth - 1)}")
        else:
            parts.append(field_name)
    return "{ " + " ".join(parts) + " }"


@dataclass
class Case:
    operation: str
    kind: str  # "query" or "mutation"
    document: str
    variables: dict
    varied: str  # what this case changes from the baseline, for the failure message


def cases(host: Host) -> list[Case]:
    graphql_schema = host.schema.graphql_schema
    made = []
    for kind, root in (("query", graphql_schema.query_type), ("mutation", graphql_schema.mutation_type)):
        for operation, root_field in root.fields.items():
            if kind == "query" and not root_field.args:
                continue
            arguments = root_field.args
            definitions = ", ".join(f"${name}: {arg.type}" for name, arg in arguments.items())
            call = ", ".join(f"{name}: ${name}" for name in arguments)
            document = (
                f"{kind}{f' ({definitions})' if definitions else ''} "
                f"{{ {operation}{f'({call})' if call else ''} {selection(root_field.type)} }}"
            )
            baseline = {}
            for name, arg in arguments.items():
                value = plausible(host, operation, name, arg.type, isinstance(arg.type, GraphQLNonNull))
                if value is not MISSING:
                    baseline[name] = value
            made.append(Case(operation, kind, document, baseline, "baseline"))
            for name, arg in arguments.items():
                for value in hostile(host, operation, name, arg.type):
                    made.append(
                        Case(operation, kind, document, {**baseline, name: value}, f"{name}={short(value)}")
                    )
    return made


def short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}…({len(text)} chars)"


# --- what a refusal may not change ----------------------------------------------------------------------


def row_counts_query(schema_names: list[str]) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema = ANY(%s) AND table_type = 'BASE TABLE' ORDER BY 1, 2",
            [schema_names],
        )
        tables = cursor.fetchall()
    # names read from information_schema, not from a client
    counts = [
        f'(SELECT count(*) FROM "{schema}"."{table}") AS "{schema}.{table}"'  # noqa: S608
        for schema, table in tables
        if table not in RECORDS_OF_REFUSALS
    ]
    return "SELECT " + ", ".join(counts)


def row_counts(query: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(query)
        return dict(zip([column.name for column in cursor.description], cursor.fetchone(), strict=True))


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {table: (before[table], after[table]) for table in before if before[table] != after[table]}


def problems_of(case: Case, response, counts_query: str, before: dict[str, int]) -> list[str]:
    label = f"{case.operation}({case.varied})"
    if response.status_code >= 500:
        return [f"{label}: HTTP {response.status_code}"]
    body = response.json()
    problems = [
        f"{label}: {error.get('message')}"
        for error in body.get("errors") or []
        if error.get("extensions", {}).get("code") == "internal_error"
    ]
    payload = (body.get("data") or {}).get(case.operation)
    refusals = payload.get("errors") if case.kind == "mutation" and isinstance(payload, dict) else None
    for error in refusals or []:
        if error["code"] == "internal_error":
            problems.append(f"{label}: payload internal_error {error['message']}")
    if refusals:
        try:
            difference = changed(before, row_counts(counts_query))
        except DatabaseError as error:  # the request left the transaction aborted
            return [*problems, f"{label}: database left broken: {error}"]
        if difference:
            problems.append(f"{label}: refused with {refusals[0]['code']} but changed {difference}")
    return problems


def run_all(host: Host, schema_names: list[str]) -> tuple[int, list[str]]:
    counts_query = row_counts_query(schema_names)
    before = row_counts(counts_query)  # the same before every case: each one is rolled back
    problems, sent = [], 0
    for case in cases(host):
        savepoint = transaction.savepoint()
        try:
            response = gql(host.domain, case.document, case.variables, token=host.token)
            sent += 1
            problems += problems_of(case, response, counts_query, before)
        finally:
            transaction.savepoint_rollback(savepoint)
            transaction.set_rollback(False)
            connection.set_schema_to_public()
    return sent, problems


def test_no_community_operation_fails_on_bad_input(community_host, beizhan, minle):
    # when: every query with arguments and every mutation of the community schema, as beizhan's admin
    sent, problems = run_all(community_host, ["public", beizhan.schema_name, minle.schema_name])

    # then
    assert sent > 500
    assert problems == [], "\n".join(problems)
