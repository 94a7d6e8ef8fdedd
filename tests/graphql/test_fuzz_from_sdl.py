"""Fuzzing both endpoints from the committed SDL (issue 10): no 5xx and no `internal_error`, whoever asks.

Documents are drawn by hypothesis-graphql from `community.graphql` and `platform.graphql` (the files a
client sees, so the fuzzing covers what is published), with any string a JSON body can carry (control
characters, lone surrogates, odd Unicode), explicit nulls and edge integers. Each is sent over the real
endpoint with the bearer token of a demo identity: admins, workers, residents and an applicant on the
community host; an operator and street-office staff on the platform host. Every request runs in a
savepoint that is rolled back, so each starts from the same demo data.

The run is derandomized (the same documents every time, so CI is steady) and kept small;
`SHAREPOOL_FUZZ_EXAMPLES=2000` runs a bigger one.
"""

import os
from datetime import UTC
from pathlib import Path

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context
from graphql import build_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from sharepool.demo.federation import seed_demo_federation
from sharepool.demo.members import seed_demo_members
from sharepool.tenants.members.models import Member
from tests.graphql.conftest import gql, token_for
from tests.graphql.platform.conftest import staff_token

SDL = Path(__file__).resolve().parents[2] / "sharepool" / "graphql"
COMMUNITY_SDL = build_schema((SDL / "community.graphql").read_text())
PLATFORM_SDL = build_schema((SDL / "platform.graphql").read_text())
EXAMPLES = int(os.environ.get("SHAREPOOL_FUZZ_EXAMPLES", "60"))

# The custom scalars: well-formed values (near the edges of what Python's datetime holds) and junk.
DATETIMES = st.one_of(
    st.datetimes(timezones=st.just(UTC)).map(lambda moment: nodes.String(moment.isoformat())),
    st.text(max_size=30).map(nodes.String),
)
DATES = st.one_of(
    st.dates().map(lambda day: nodes.String(day.isoformat())), st.text(max_size=12).map(nodes.String)
)
TIMES = st.one_of(
    st.times().map(lambda moment: nodes.String(moment.isoformat())), st.text(max_size=12).map(nodes.String)
)
SCALARS = {"DateTime": DATETIMES, "Date": DATES, "Time": TIMES}


def documents(schema) -> st.SearchStrategy[str]:
    # codec=None: any code point a JSON string can carry, lone surrogates included
    options = {"custom_scalars": SCALARS, "codec": None}
    return st.one_of(queries(schema, **options), mutations(schema, **options))


@pytest.fixture
def community_identities(beizhan, minle) -> dict[str, str]:
    seed_demo_members()
    with schema_context(beizhan.schema_name):
        members = {
            "admin": Member.objects.get(role=Member.Role.ADMIN),
            "worker": Member.objects.filter(role=Member.Role.WORKER).first(),
            "resident": Member.objects.get(user__username="zhaofang"),
            "applicant": Member.objects.filter(status=Member.Status.PENDING).first(),
        }
    assert all(members.values()), members
    return {role: token_for(beizhan.schema_name, member) for role, member in members.items()}


@pytest.fixture
def platform_identities(beizhan, minle) -> dict[str, str]:
    seed_demo_members()
    seed_demo_federation()
    return {"operator": staff_token("fuzz-operator", None), "staff": staff_token("fuzz-staff", "民治街道")}


def problems_of(response) -> list[str]:
    if response.status_code >= 500:
        return [f"HTTP {response.status_code}"]
    body = response.json()
    results = body if isinstance(body, list) else [body]
    found = []
    for result in results:
        for error in result.get("errors") or []:
            if error.get("extensions", {}).get("code") == "internal_error":
                found.append(f"internal_error: {error.get('message')}")
        for payload in (result.get("data") or {}).values():
            for error in (payload.get("errors") or []) if isinstance(payload, dict) else []:
                if error.get("code") == "internal_error":
                    found.append(f"payload internal_error: {error.get('message')}")
    return found


def send_in_savepoint(host: str, document: str, token: str):
    savepoint = transaction.savepoint()
    try:
        return gql(host, document, token=token)
    finally:
        transaction.savepoint_rollback(savepoint)
        transaction.set_rollback(False)
        connection.set_schema_to_public()


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written outside the test run
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@FUZZ_SETTINGS
@given(document=documents(COMMUNITY_SDL), role=st.sampled_from(["admin", "worker", "resident", "applicant"]))
def test_fuzzing_the_community_endpoint_finds_no_crash(community_identities, beizhan, document, role):
    response = send_in_savepoint(beizhan.domain, document, community_identities[role])

    assert problems_of(response) == [], (role, document, response.content[:500])


@FUZZ_SETTINGS
@given(document=documents(PLATFORM_SDL), role=st.sampled_from(["operator", "staff"]))
def test_fuzzing_the_platform_endpoint_finds_no_crash(platform_identities, document, role):
    response = send_in_savepoint("localhost", document, platform_identities[role])

    assert problems_of(response) == [], (role, document, response.content[:500])
