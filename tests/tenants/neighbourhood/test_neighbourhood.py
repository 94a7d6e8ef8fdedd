"""Estates, buildings and building heads, organisations of the community, who a member is, and
appointments by the admin (issue 13)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.platform.communities.models import Community
from sharepool.platform.federation.models import FederatedOrganisation
from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.ledger.errors import ActorError, ActorErrorCode
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.errors import NeighbourhoodError, NeighbourhoodErrorCode
from sharepool.tenants.neighbourhood.models import (
    Building,
    BuildingHead,
    CommunityOrganisation,
    Estate,
    MemberStanding,
)
from sharepool.tenants.neighbourhood.services import (
    OrganisationDetails,
    do_assign_role,
    do_confirm_building,
    do_create_building,
    do_create_estate,
    do_dissolve_community_organisation,
    do_edit_community_organisation,
    do_register_community_organisation,
    do_register_resident,
    do_set_member_standing,
    member_figures,
)
from tests.conftest import TEST_PASSWORD


def neighbourhood_state() -> dict:
    return {
        "estates": sorted(Estate.objects.values_list("id", "name")),
        "buildings": sorted(
            Building.objects.values_list("id", "estate_id", "name", "to_confirm", "households")
        ),
        "terms": sorted(BuildingHead.objects.values_list("id", "member_id", "since", "until")),
        "covered": sorted(
            BuildingHead.buildings.through.objects.values_list("buildinghead_id", "building_id")
        ),
        "organisations": sorted(
            CommunityOrganisation.objects.values_list("id", "name", "status", "collective_member_id")
        ),
        "standings": sorted(MemberStanding.objects.values_list("member_id", "party", "employer_id")),
        "roles": sorted(Member.objects.values_list("id", "role", "building_id")),
        "audit": CommunityAuditEntry.objects.count(),
    }


def village(world) -> tuple[Estate, list[Building]]:
    estate = do_create_estate(actor=world.cast.worker, name="创业花园", kind=Estate.Kind.URBAN_VILLAGE)
    buildings = [
        do_create_building(actor=world.cast.worker, estate_id=estate.id, name=f"{n}栋", households=12)
        for n in (1, 2, 3)
    ]
    return estate, buildings


def test_registration_names_a_building_in_free_text_and_an_unknown_one_becomes_a_building_to_confirm(world):
    # given
    estate, (first, _second, _third) = village(world)

    # when
    known = do_register_resident(
        username="zhao",
        password=TEST_PASSWORD,
        display_name="赵芳",
        phone="13800000002",
        building="1栋",
        unit="502",
    )
    unknown = do_register_resident(
        username="qian",
        password=TEST_PASSWORD,
        display_name="钱多",
        phone="13800000003",
        building=" 北站花园 9栋 ",
        unit="3-1",
    )
    again = do_register_resident(
        username="sun",
        password=TEST_PASSWORD,
        display_name="孙立",
        phone="13800000004",
        building="北站花园 9栋",
    )

    # then
    assert (known.building_id, known.unit) == (first.id, "502")
    made = Building.objects.get(name="北站花园 9栋")
    assert (made.to_confirm, made.estate_id, unknown.building_id, again.building_id, unknown.unit) == (
        True,
        None,
        made.id,
        made.id,
        "3-1",
    )
    assert world.minle_untouched()


def test_a_worker_confirms_a_building_to_confirm_and_its_residents_follow_it_into_the_estate(world):
    # given: a text naming a building the estate already has, and one it has not
    estate, (first, *_rest) = village(world)
    duplicate = Building.objects.create(name="创业花园1栋", to_confirm=True)
    new = Building.objects.create(name="创业花园 88栋", to_confirm=True)
    Member.objects.filter(id=world.cast.alice.id).update(building=duplicate)
    Member.objects.filter(id=world.cast.bob.id).update(building=new)

    # when
    merged = do_confirm_building(
        actor=world.cast.worker, building_id=duplicate.id, estate_id=estate.id, name="1栋"
    )
    confirmed = do_confirm_building(
        actor=world.cast.worker, building_id=new.id, estate_id=estate.id, name="88栋", households=9
    )

    # then
    assert merged.id == first.id and not Building.objects.filter(id=duplicate.id).exists()
    assert (
        confirmed.id,
        confirmed.name,
        confirmed.estate_id,
        confirmed.to_confirm,
        confirmed.households,
    ) == (
        new.id,
        "88栋",
        estate.id,
        False,
        9,
    )
    assert Member.objects.get(id=world.cast.alice.id).building_id == first.id
    assert Member.objects.get(id=world.cast.bob.id).building_id == new.id


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda w, e, b: do_create_estate(actor=w.cast.worker, name="创业花园", kind="gated"), "name_taken"),
        (lambda w, e, b: do_create_estate(actor=w.cast.worker, name="  ", kind="gated"), "name_required"),
        (lambda w, e, b: do_create_building(actor=w.cast.worker, estate_id=e.id, name="1栋"), "name_taken"),
        (
            lambda w, e, b: do_create_building(actor=w.cast.worker, estate_id=999999, name="9栋"),
            "estate_not_found",
        ),
        (
            lambda w, e, b: do_create_building(
                actor=w.cast.worker, estate_id=e.id, name="9栋", households=-1
            ),
            "households_invalid",
        ),
        (
            lambda w, e, b: do_confirm_building(
                actor=w.cast.worker, building_id=b.id, estate_id=e.id, name="x"
            ),
            "building_already_confirmed",
        ),
        (lambda w, e, b: do_create_estate(actor=w.cast.alice, name="新村", kind="gated"), "not_permitted"),
    ],
)
def test_bad_estates_and_buildings_are_refused_and_nothing_changes(world, change, code):
    # given
    estate, (first, *_rest) = village(world)
    before = neighbourhood_state()

    # when
    with pytest.raises((NeighbourhoodError, ActorError)) as refused:
        change(world, estate, first)

    # then
    assert refused.value.code == code
    assert neighbourhood_state() == before


def test_organisations_are_registered_edited_and_dissolved_by_workers(world):
    # given
    details = OrganisationDetails(
        name="北站社区出租屋楼长协会",
        kind=CommunityOrganisation.Kind.CO_GOVERNANCE,
        registration_number="51440300MJL000001",
        leader="何新生",
        contact="0755-00000000",
        founded=date(2013, 6, 1),
        members_count=106,
        collective_member_id=world.cast.office.id,
    )

    # when
    association = do_register_community_organisation(actor=world.cast.worker, details=details)
    edited = do_edit_community_organisation(
        actor=world.cast.worker,
        organisation_id=association.id,
        details=OrganisationDetails(**{**details.__dict__, "members_count": 107}),
    )
    dissolved = do_dissolve_community_organisation(
        actor=world.cast.worker, organisation_id=association.id, on=date(2026, 1, 1)
    )

    # then
    row = CommunityOrganisation.objects.get(id=association.id)
    assert (row.name, row.kind, row.members_count, row.collective_member_id, row.registered_by_id) == (
        "北站社区出租屋楼长协会",
        "co_governance",
        107,
        world.cast.office.id,
        world.cast.worker.id,
    )
    assert (edited.members_count, dissolved.status, row.dissolved_on) == (107, "dissolved", date(2026, 1, 1))
    with pytest.raises(NeighbourhoodError) as refused:
        do_dissolve_community_organisation(
            actor=world.cast.worker, organisation_id=association.id, on=date(2026, 2, 1)
        )
    assert refused.value.code == NeighbourhoodErrorCode.ORGANISATION_DISSOLVED
    assert world.minle_untouched()


def test_an_organisation_links_to_the_federated_organisation_of_its_street_office_only(world, beizhan, minle):
    # given: one federated organisation of Minzhi street, one of another street office
    community = Community.objects.get(schema_name=beizhan.schema_name)
    ours = FederatedOrganisation.objects.create(
        name="深圳北车站党委", kind="party_committee", street_office=community.street_office
    )
    from sharepool.platform.communities.models import StreetOffice

    elsewhere = FederatedOrganisation.objects.create(
        name="别处的组织", kind="school", street_office=StreetOffice.objects.create(name="龙华街道")
    )
    connection.set_tenant(community)
    before = neighbourhood_state()

    # when
    with pytest.raises(NeighbourhoodError) as refused:
        do_register_community_organisation(
            actor=world.cast.worker,
            details=OrganisationDetails(
                name="别处", kind="resident_unit", federated_organisation_id=elsewhere.id
            ),
        )
    after_refusal = neighbourhood_state()
    linked = do_register_community_organisation(
        actor=world.cast.worker,
        details=OrganisationDetails(
            name="深圳北车站", kind="resident_unit", federated_organisation_id=ours.id
        ),
    )

    # then
    assert refused.value.code == NeighbourhoodErrorCode.FEDERATED_ORGANISATION_NOT_FOUND
    assert after_refusal == before
    assert linked.federated_organisation_id == ours.id


@pytest.mark.parametrize(
    ("details", "code"),
    [
        (dict(name=""), "name_required"),
        (dict(founded=date.today() + timedelta(days=2)), "founded_in_future"),
        (dict(members_count=-3), "members_count_invalid"),
        (dict(collective_member_id="alice"), "collective_member_invalid"),
        (dict(collective_member_id=999999), "collective_member_invalid"),
        (dict(name="x" * 101), "text_too_long"),
        (dict(leader="a\x00b"), "text_invalid"),
    ],
)
def test_bad_organisations_are_refused_and_nothing_changes(world, details, code):
    # given
    if details.get("collective_member_id") == "alice":
        details = {**details, "collective_member_id": world.cast.alice.id}  # an individual, not collective
    before = neighbourhood_state()

    # when
    with pytest.raises(Exception) as refused:
        do_register_community_organisation(
            actor=world.cast.worker,
            details=OrganisationDetails(**{"name": "龙悦志愿者协会", "kind": "service", **details}),
        )

    # then
    assert refused.value.code == code
    assert neighbourhood_state() == before


def test_the_admin_appoints_and_removes_workers_coordinators_and_building_heads_and_each_change_is_audited(
    world,
):
    # given
    _estate, (first, second, third) = village(world)
    admin, alice, bob = world.cast.admin, world.cast.alice, world.cast.bob

    # when
    do_assign_role(actor=admin, member_id=alice.id, role="worker")
    do_assign_role(actor=admin, member_id=alice.id, role="worker", remove=True)
    do_assign_role(actor=admin, member_id=bob.id, role="building_head", building_ids=[first.id, second.id])
    do_assign_role(actor=admin, member_id=bob.id, role="building_head", building_ids=[third.id])
    do_assign_role(actor=admin, member_id=bob.id, role="building_head", remove=True)

    # then
    assert Member.objects.get(id=alice.id).role == "resident"
    assert Member.objects.get(id=bob.id).role == "resident"  # a building head keeps their role
    terms = list(BuildingHead.objects.filter(member=bob).order_by("id"))
    assert [sorted(t.buildings.values_list("id", flat=True)) for t in terms] == [
        [first.id, second.id],
        [third.id],
    ]
    assert all(t.until == timezone.localdate() for t in terms)
    # (the village's estate and buildings have entries of their own before these)
    entries = CommunityAuditEntry.objects.filter(action__startswith="role_").order_by("id")
    assert [
        (int(e.subject_id), e.actor_id, e.action, e.before["role"], e.after["role"], e.after["appointed_as"])
        for e in entries
    ] == [
        (alice.id, admin.id, "role_appointed", "resident", "worker", "worker"),
        (alice.id, admin.id, "role_removed", "worker", "resident", "worker"),
        (bob.id, admin.id, "role_appointed", "resident", "building_head", "building_head"),
        (bob.id, admin.id, "role_appointed", "building_head", "building_head", "building_head"),
        (bob.id, admin.id, "role_removed", "building_head", "resident", "building_head"),
    ]
    assert [e.after["buildings"] for e in entries][2:] == [[first.id, second.id], [third.id], [third.id]]
    assert world.minle_untouched()


@pytest.mark.parametrize(
    ("who", "target", "arguments", "code"),
    [
        ("worker", "alice", dict(role="worker"), "not_permitted"),
        ("admin", "admin", dict(role="worker"), "cannot_change_own_role"),
        ("admin", "office", dict(role="coordinator"), "role_not_assignable"),
        ("admin", "alice", dict(role="admin"), "role_not_assignable"),
        ("admin", "coordinator", dict(role="coordinator"), "role_unchanged"),
        ("admin", "alice", dict(role="worker", remove=True), "role_unchanged"),
        ("admin", "alice", dict(role="building_head"), "buildings_required"),
        ("admin", "alice", dict(role="building_head", building_ids=[999999]), "building_not_found"),
        ("admin", "alice", dict(role="building_head", remove=True), "not_a_building_head"),
    ],
)
def test_bad_appointments_are_refused_and_nothing_changes(world, who, target, arguments, code):
    # given
    village(world)
    before = neighbourhood_state()

    # when
    with pytest.raises((NeighbourhoodError, ActorError)) as refused:
        do_assign_role(actor=getattr(world.cast, who), member_id=getattr(world.cast, target).id, **arguments)

    # then
    assert refused.value.code == code
    assert neighbourhood_state() == before


def test_an_appointment_in_another_community_does_not_find_the_member(world):
    # given: Minle's resident's id, asked for in Beizhan
    before = neighbourhood_state()

    # when
    with pytest.raises(ActorError) as refused:
        do_assign_role(actor=world.cast.admin, member_id=world.minle.alice.id + 100_000, role="worker")

    # then
    assert refused.value.code == ActorErrorCode.MEMBER_NOT_FOUND
    assert neighbourhood_state() == before
    assert world.minle_untouched()


def test_who_a_member_is_and_the_figures_by_category(world):
    # given
    _estate, (first, second, _third) = village(world)
    unit = do_register_community_organisation(
        actor=world.cast.worker, details=OrganisationDetails(name="深圳北车站", kind="resident_unit")
    )
    do_set_member_standing(actor=world.cast.worker, member_id=world.cast.alice.id, party="member")
    do_set_member_standing(
        actor=world.cast.worker,
        member_id=world.cast.bob.id,
        party="in_service",
        reported_in_on=date(2019, 3, 1),
        employer_id=unit.id,
    )
    do_set_member_standing(
        actor=world.cast.worker, member_id=world.cast.office.id, collective_kind="property_management"
    )
    do_assign_role(
        actor=world.cast.admin,
        member_id=world.cast.carol.id,
        role="building_head",
        building_ids=[first.id, second.id],
    )

    # when
    figures = member_figures()

    # then
    assert (figures.party_members, figures.in_service_party_members, figures.in_service_party_minutes) == (
        2,
        1,
        0,
    )
    assert (figures.building_heads, figures.buildings_covered, figures.with_employer) == (1, 2, 1)
    assert (figures.workers, figures.coordinators) == (2, 1)  # the admin and the worker; the coordinator
    assert figures.collective_by_kind == {
        "": 0,
        "social_organisation": 0,
        "property_management": 1,
        "business": 0,
    }
    with schema_context(world.minle_schema):
        assert member_figures().party_members == 0


@pytest.mark.parametrize(
    ("target", "arguments", "code"),
    [
        ("alice", dict(party="member", reported_in_on=date(2019, 3, 1)), "reported_in_without_party"),
        ("alice", dict(party="in_service"), "reported_in_without_party"),
        ("alice", dict(collective_kind="business"), "collective_kind_invalid"),
        ("office", dict(), "collective_kind_invalid"),
        ("alice", dict(employer_id=999999), "organisation_not_found"),
    ],
)
def test_bad_standings_are_refused_and_nothing_changes(world, target, arguments, code):
    before = neighbourhood_state()

    with pytest.raises(NeighbourhoodError) as refused:
        do_set_member_standing(actor=world.cast.worker, member_id=getattr(world.cast, target).id, **arguments)

    assert refused.value.code == code
    assert neighbourhood_state() == before
