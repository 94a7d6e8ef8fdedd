"""A worker registers the community's organisation in the street office's federation in one step (issue
13): a federated organisation at home in the community, linked back, both sides audited; every refusal
typed and nothing written on either side; a second community of the same street office shows the
federation's names are shared and its organisations are its own."""

from datetime import date

import pytest
from django_tenants.utils import schema_context

from sharepool.core.errors import DomainError
from sharepool.platform.audit.models import PlatformAuditEntry
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.models import FederatedOrganisation
from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.neighbourhood.models import CommunityOrganisation
from sharepool.tenants.neighbourhood.services import (
    OrganisationDetails,
    do_dissolve_community_organisation,
    do_register_community_organisation,
    do_register_organisation_in_federation,
)


def both_sides() -> dict:
    """The federation's organisations and audit rows, and this schema's organisations and audit rows."""
    return {
        "federated": list(
            FederatedOrganisation.objects.order_by("id").values_list(
                "id", "name", "kind", "home_community_id"
            )
        ),
        "platform_audit": PlatformAuditEntry.objects.count(),
        "organisations": list(
            CommunityOrganisation.objects.order_by("id").values_list("id", "federated_organisation_id")
        ),
        "audit": CommunityAuditEntry.objects.count(),
    }


def organisation(worker, name: str, kind: str = CommunityOrganisation.Kind.SERVICE) -> CommunityOrganisation:
    return do_register_community_organisation(actor=worker, details=OrganisationDetails(name=name, kind=kind))


def test_a_worker_registers_an_organisation_in_the_federation_and_it_is_linked_back(world, beizhan):
    worker = world.cast.worker
    volunteers = organisation(worker, "北站社区志愿者协会")

    # when
    linked = do_register_organisation_in_federation(
        actor=worker, organisation_id=volunteers.id, description=" 为居民提供志愿服务 "
    )

    # then
    federated = FederatedOrganisation.objects.get(id=linked.federated_organisation_id)
    community = Community.objects.get(schema_name=beizhan.schema_name)
    assert (federated.name, federated.kind, federated.description, federated.verified) == (
        "北站社区志愿者协会",
        "social_service",
        "为居民提供志愿服务",
        False,
    )
    assert (federated.home_community_id, federated.street_office_id) == (
        community.id,
        community.street_office_id,
    )
    assert CommunityOrganisation.objects.get(id=volunteers.id).federated_organisation_id == federated.id
    entry = CommunityAuditEntry.objects.get(action="organisation_joined_federation")
    assert (entry.actor_id, entry.subject_id, entry.before, entry.after) == (
        worker.id,
        str(volunteers.id),
        {"federated_organisation_id": None},
        {"federated_organisation_id": federated.id},
    )
    platform = PlatformAuditEntry.objects.get(action="organisation_registered", subject_id=str(federated.id))
    assert (platform.actor_kind, platform.actor_member_id, platform.actor_community_id) == (
        "community_worker",
        worker.id,
        community.id,
    )
    assert world.minle_untouched()


@pytest.mark.parametrize(
    ("kind", "federated_kind"),
    [
        ("co_governance", "social_co_governance"),
        ("culture_sports", "social_culture_sports"),
        ("party_branch", "party_branch"),
        ("resident_unit", "resident_unit"),
    ],
)
def test_each_kind_of_organisation_joins_as_the_federations_matching_kind(world, kind, federated_kind):
    registered = organisation(world.cast.worker, "北站的组织", kind)

    linked = do_register_organisation_in_federation(actor=world.cast.worker, organisation_id=registered.id)

    assert FederatedOrganisation.objects.get(id=linked.federated_organisation_id).kind == federated_kind


def test_linked_dissolved_unknown_and_a_residents_registrations_are_refused_and_nothing_is_written(world):
    worker = world.cast.worker
    linked = organisation(worker, "北站社区志愿者协会")
    do_register_organisation_in_federation(actor=worker, organisation_id=linked.id)
    dissolved = organisation(worker, "已解散的舞蹈队", CommunityOrganisation.Kind.CULTURE_SPORTS)
    do_dissolve_community_organisation(actor=worker, organisation_id=dissolved.id, on=date(2026, 1, 1))
    fresh = organisation(worker, "北站社区读书会", CommunityOrganisation.Kind.CULTURE_SPORTS)
    before = both_sides()

    refusals = []
    for actor, organisation_id, description in [
        (worker, linked.id, ""),
        (worker, dissolved.id, ""),
        (worker, 999_999, ""),
        (worker, fresh.id, "x" * 2001),
        (worker, fresh.id, "bad\x00text"),
        (world.cast.alice, fresh.id, ""),
        (world.cast.coordinator, fresh.id, ""),
    ]:
        with pytest.raises(DomainError) as refused:
            do_register_organisation_in_federation(
                actor=actor, organisation_id=organisation_id, description=description
            )
        refusals.append(refused.value.code)

    assert refusals == [
        "already_in_federation",
        "organisation_dissolved",
        "organisation_not_found",
        "text_too_long",
        "text_invalid",
        "not_permitted",
        "not_permitted",
    ]
    assert both_sides() == before
    assert world.minle_untouched()


def test_a_name_taken_in_the_street_offices_federation_by_another_community_is_refused(world, beizhan):
    # given: Minle, of the same street office, registered its own 志愿者协会 in the federation first
    with schema_context(world.minle_schema):
        theirs = organisation(world.minle.worker, "志愿者协会")
        do_register_organisation_in_federation(actor=world.minle.worker, organisation_id=theirs.id)
    ours = organisation(world.cast.worker, "志愿者协会")
    before = both_sides()

    # when
    with pytest.raises(DomainError) as refused:
        do_register_organisation_in_federation(actor=world.cast.worker, organisation_id=ours.id)

    # then: the federation keeps Minle's, at home in Minle; Beizhan's is not linked and nothing is written
    assert (refused.value.code, refused.value.field) == ("name_taken_in_federation", "name")
    assert both_sides() == before
    minle = Community.objects.get(schema_name=world.minle_schema)
    assert list(FederatedOrganisation.objects.values_list("name", "home_community_id")) == [
        ("志愿者协会", minle.id)
    ]


def test_another_communitys_worker_cannot_register_this_communitys_organisation(world):
    ours = organisation(world.cast.worker, "北站社区志愿者协会")

    with schema_context(world.minle_schema):
        before = both_sides()
        with pytest.raises(DomainError) as refused:
            do_register_organisation_in_federation(actor=world.minle.worker, organisation_id=ours.id)
        assert both_sides() == before

    assert refused.value.code == "organisation_not_found"
    assert CommunityOrganisation.objects.get(id=ours.id).federated_organisation_id is None
