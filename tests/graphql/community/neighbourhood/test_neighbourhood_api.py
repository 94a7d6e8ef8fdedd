"""The neighbourhood through the community API (issue 13): who may do what, and no leak to Minle."""

from django_tenants.utils import schema_context

from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import Building, BuildingHead, Estate
from tests.graphql.conftest import add_member, gql, token_for

ASSIGN = """mutation ($m: ID!, $b: [ID!]) {
  assignRole(memberId: $m, role: BUILDING_HEAD, buildingIds: $b) {
    member { displayName buildingHeadOf { name } } errors { code field } } }"""
REGISTER = """mutation ($input: OrganisationInput!) {
  registerCommunityOrganisation(input: $input) { organisation { name kind status } errors { code field } } }"""
LIST = "{ organisationsOfCommunity(kind: SERVICE) { totalCount items { name kind leader } } }"


def test_the_admin_appoints_a_building_head_and_residents_see_the_buildings_and_organisations(beizhan, minle):
    # given
    with schema_context(beizhan.schema_name):
        admin = Member.objects.get(role="admin")
        estate = Estate.objects.create(name="创业花园", kind="urban_village")
        one = Building.objects.create(estate=estate, name="1栋", households=10)
    worker = add_member(beizhan.schema_name, "shegong", role="worker")
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    minle_resident = add_member(minle.schema_name, "minle-zhao")
    host = beizhan.domain

    # when
    by_worker = gql(
        host, ASSIGN, {"m": resident.id, "b": [one.id]}, token=token_for(beizhan.schema_name, worker)
    )
    by_admin = gql(
        host, ASSIGN, {"m": resident.id, "b": [one.id]}, token=token_for(beizhan.schema_name, admin)
    )
    registered = gql(
        host,
        REGISTER,
        {"input": {"name": "龙悦志愿者协会", "kind": "SERVICE", "leader": "李会长"}},
        token=token_for(beizhan.schema_name, worker),
    )
    refused = gql(
        host,
        REGISTER,
        {"input": {"name": "红星关爱志愿者协会", "kind": "SERVICE"}},
        token=token_for(beizhan.schema_name, resident),
    )
    listed = gql(host, LIST, token=token_for(beizhan.schema_name, resident)).json()
    buildings = gql(
        host,
        "{ buildings { totalCount items { name estate { name } heads { member { displayName } } } } }",
        token=token_for(beizhan.schema_name, resident),
    ).json()
    in_minle = gql(minle.domain, LIST, token=token_for(minle.schema_name, minle_resident)).json()

    # then
    assert by_worker.json()["data"]["assignRole"] == {
        "member": None,
        "errors": [{"code": "permission_denied", "field": None}],
    }
    assert by_admin.json()["data"]["assignRole"] == {
        "member": {"displayName": "赵芳", "buildingHeadOf": [{"name": "1栋"}]},
        "errors": [],
    }
    assert registered.json()["data"]["registerCommunityOrganisation"]["organisation"] == {
        "name": "龙悦志愿者协会",
        "kind": "SERVICE",
        "status": "ACTIVE",
    }
    assert refused.json()["data"]["registerCommunityOrganisation"]["errors"] == [
        {"code": "permission_denied", "field": None}
    ]
    assert listed["data"]["organisationsOfCommunity"] == {
        "totalCount": 1,
        "items": [{"name": "龙悦志愿者协会", "kind": "SERVICE", "leader": "李会长"}],
    }
    assert buildings["data"]["buildings"] == {
        "totalCount": 1,
        "items": [
            {"name": "1栋", "estate": {"name": "创业花园"}, "heads": [{"member": {"displayName": "赵芳"}}]}
        ],
    }
    assert in_minle["data"]["organisationsOfCommunity"] == {"totalCount": 0, "items": []}
    with schema_context(beizhan.schema_name):
        assert (
            BuildingHead.objects.count(),
            CommunityAuditEntry.objects.filter(action="role_appointed").count(),
        ) == (1, 1)


def test_stats_count_members_by_category(beizhan):
    # given
    resident = add_member(beizhan.schema_name, "zhaofang")

    # when
    body = gql(
        beizhan.domain,
        "{ stats { membersByCategory { key count } inServicePartyMinutes } }",
        token=token_for(beizhan.schema_name, resident),
    ).json()

    # then
    counts = {row["key"]: row["count"] for row in body["data"]["stats"]["membersByCategory"]}
    assert (counts["WORKERS"], counts["PARTY_MEMBERS"], counts["BUILDING_HEADS"]) == (1, 0, 0)
    assert body["data"]["stats"]["inServicePartyMinutes"] == 0
