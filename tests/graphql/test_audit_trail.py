"""The audit trail (issue 11): staff actions write an append-only row in the same transaction, which
staff read page by page; another community's trail and another street office's entries stay out of sight."""

import json

import pytest
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from sharepool.platform.audit.models import PlatformAuditEntry
from sharepool.platform.audit.services import record_audit as record_platform_audit
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.actors import street_office_actor
from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.audit.services import CommunityAuditAction, record_audit
from sharepool.tenants.members.models import Member
from tests.graphql.conftest import add_member, gql, token_for
from tests.graphql.platform.conftest import staff_token

APPROVE = "mutation ($id: ID!) { approveMember(id: $id) { member { status } errors { code } } }"
ADJUST = """mutation ($memberId: ID!, $key: String!) {
  adjustBalance(memberId: $memberId, minutes: 90, reason: "补录四点半课堂", idempotencyKey: $key) {
    errors { code }
  }
}"""
AUDIT_LOG = """{ auditLog(limit: 10) { totalCount items {
  actorName actorId action subjectType subjectId before after } } }"""
REGISTER = """mutation ($name: String!, $home: ID) {
  registerOrganisation(name: $name, kind: "school", homeCommunityId: $home) {
    organisation { id } errors { code }
  }
}"""
PLATFORM_AUDIT_LOG = "{ auditLog { totalCount items { actorKind actorUserId action streetOfficeId after } } }"


def entries(schema_name: str) -> list[tuple]:
    with schema_context(schema_name):
        return list(
            CommunityAuditEntry.objects.order_by("id").values_list("actor_id", "action", "subject_id")
        )


def test_approving_a_member_is_recorded_and_workers_read_it(beizhan, minle):
    # given: a worker, an applicant, a resident in beizhan; minle's trail
    worker = add_member(beizhan.schema_name, "shegong", role=Member.Role.WORKER, display_name="社工小陈")
    applicant = add_member(beizhan.schema_name, "lihua", status=Member.Status.PENDING)
    resident = add_member(beizhan.schema_name, "zhaofang")
    minle_before = entries(minle.schema_name)

    # when: the worker approves the applicant, then reads the trail
    approved = gql(
        beizhan.domain, APPROVE, {"id": applicant.id}, token=token_for(beizhan.schema_name, worker)
    )
    log = gql(beizhan.domain, AUDIT_LOG, token=token_for(beizhan.schema_name, worker)).json()

    # then: one entry, who did what to whom, before and after
    assert approved.json()["data"]["approveMember"]["errors"] == []
    assert log["data"]["auditLog"]["totalCount"] == 1
    [entry] = log["data"]["auditLog"]["items"]
    assert entry["actorName"] == "社工小陈"
    assert entry["actorId"] == str(worker.id)
    assert (entry["action"], entry["subjectType"], entry["subjectId"]) == (
        "member_approved",
        "member",
        str(applicant.id),
    )
    assert json.loads(entry["before"]) == {"status": "pending"}
    assert json.loads(entry["after"])["status"] == "active"
    # and: a resident may not read it; minle's trail did not change
    refused = gql(beizhan.domain, AUDIT_LOG, token=token_for(beizhan.schema_name, resident)).json()
    assert refused["errors"][0]["extensions"]["code"] == "permission_denied"
    assert refused["data"] is None
    assert entries(minle.schema_name) == minle_before


def test_another_communitys_admin_does_not_see_the_trail(beizhan, minle):
    # given: an approval recorded in beizhan, and minle's admin
    worker = add_member(beizhan.schema_name, "shegong", role=Member.Role.WORKER)
    applicant = add_member(beizhan.schema_name, "lihua", status=Member.Status.PENDING)
    gql(beizhan.domain, APPROVE, {"id": applicant.id}, token=token_for(beizhan.schema_name, worker))
    minle_admin = add_member(minle.schema_name, "minle-admin", role=Member.Role.ADMIN)

    # when: minle's admin reads minle's trail
    log = gql(minle.domain, AUDIT_LOG, token=token_for(minle.schema_name, minle_admin)).json()

    # then
    assert log["data"]["auditLog"] == {"totalCount": 0, "items": []}
    assert len(entries(beizhan.schema_name)) == 1


def test_an_adjustment_is_recorded_once_even_when_replayed(beizhan, minle):
    # given: beizhan's admin and a resident
    admin = add_member(beizhan.schema_name, "admin2", role=Member.Role.ADMIN)
    resident = add_member(beizhan.schema_name, "zhaofang")
    token = token_for(beizhan.schema_name, admin)

    # when: the admin adjusts, then the client retries with the same key
    for _attempt in range(2):
        response = gql(beizhan.domain, ADJUST, {"memberId": resident.id, "key": "adj-1"}, token=token)
        assert response.json()["data"]["adjustBalance"]["errors"] == []

    # then: one entry
    [(actor_id, action, _subject)] = entries(beizhan.schema_name)
    assert (actor_id, action) == (admin.id, "balance_adjusted")


def test_a_refused_adjustment_records_nothing(beizhan, minle):
    # given: a worker (adjustments are the admin's)
    worker = add_member(beizhan.schema_name, "shegong", role=Member.Role.WORKER)
    resident = add_member(beizhan.schema_name, "zhaofang")

    # when
    response = gql(
        beizhan.domain,
        ADJUST,
        {"memberId": resident.id, "key": "adj-1"},
        token=token_for(beizhan.schema_name, worker),
    )

    # then
    assert response.json()["data"]["adjustBalance"]["errors"] == [{"code": "not_permitted"}]
    assert entries(beizhan.schema_name) == []


@pytest.mark.parametrize("statement", ["UPDATE {table} SET action = 'x'", "DELETE FROM {table}"])
def test_the_database_refuses_to_change_a_community_entry(beizhan, minle, statement):
    # given: one entry in beizhan
    worker = add_member(beizhan.schema_name, "shegong", role=Member.Role.WORKER)
    with schema_context(beizhan.schema_name), transaction.atomic():
        record_audit(actor=worker, action=CommunityAuditAction.MEMBER_APPROVED, subject=("member", 1))
    before = entries(beizhan.schema_name)

    # when / then
    with schema_context(beizhan.schema_name):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement.format(table=CommunityAuditEntry._meta.db_table))
    assert entries(beizhan.schema_name) == before


def test_federation_actions_are_recorded_for_operators_and_the_street_office(beizhan, minle):
    # given: staff of beizhan's street office, staff of another office, an operator
    minzhi = staff_token("minzhi", "民治街道")
    longhua = staff_token("longhua", "龙华街道")
    operator = staff_token("operator", None)
    home = Community.objects.get(slug="beizhan")

    # when: minzhi's staff register an organisation of beizhan
    registered = gql("localhost", REGISTER, {"name": "北站小学", "home": home.id}, token=minzhi).json()

    # then: one entry, scoped to minzhi's office; its staff and operators read it, longhua's do not
    assert registered["data"]["registerOrganisation"]["errors"] == []
    seen_by_minzhi = gql("localhost", PLATFORM_AUDIT_LOG, token=minzhi).json()["data"]["auditLog"]
    assert seen_by_minzhi["totalCount"] == 1
    [entry] = seen_by_minzhi["items"]
    assert entry["actorKind"] == "street_office"
    assert entry["actorUserId"] is not None
    assert entry["action"] == "organisation_registered"
    assert entry["streetOfficeId"] == str(home.street_office_id)
    assert json.loads(entry["after"])["name"] == "北站小学"
    assert gql("localhost", PLATFORM_AUDIT_LOG, token=operator).json()["data"]["auditLog"]["totalCount"] == 1
    assert gql("localhost", PLATFORM_AUDIT_LOG, token=longhua).json()["data"]["auditLog"] == {
        "totalCount": 0,
        "items": [],
    }
    assert gql("localhost", PLATFORM_AUDIT_LOG).json()["errors"][0]["extensions"]["code"] == (
        "authentication_required"
    )


def test_a_refused_federation_action_records_nothing(beizhan, minle):
    # given: staff of another street office
    longhua = staff_token("longhua", "龙华街道")
    home = Community.objects.get(slug="beizhan")

    # when: they try to register an organisation in beizhan (not their office's)
    refused = gql("localhost", REGISTER, {"name": "北站小学", "home": home.id}, token=longhua).json()

    # then
    assert refused["data"]["registerOrganisation"]["errors"] == [{"code": "community_not_found"}]
    assert PlatformAuditEntry.objects.count() == 0


@pytest.mark.parametrize("statement", ["UPDATE {table} SET action = 'x'", "DELETE FROM {table}"])
def test_the_database_refuses_to_change_a_platform_entry(beizhan, statement):
    # given: one entry
    office = Community.objects.get(slug="beizhan").street_office_id
    with transaction.atomic():
        record_platform_audit(
            actor=street_office_actor(office),
            action="organisation_verified",
            subject=("federatedorganisation", 1),
            street_office_id=office,
        )
    before = list(PlatformAuditEntry.objects.values_list("id", "action"))

    # when / then
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement.format(table=PlatformAuditEntry._meta.db_table))
    assert list(PlatformAuditEntry.objects.values_list("id", "action")) == before
