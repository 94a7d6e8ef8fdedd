"""Every change a worker makes to the neighbourhood is in the community's audit trail (issue 13)."""

from datetime import date

from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.neighbourhood.models import CommunityOrganisation, Estate, MemberStanding
from sharepool.tenants.neighbourhood.services import (
    OrganisationDetails,
    building_for_text,
    do_confirm_building,
    do_create_building,
    do_create_estate,
    do_dissolve_community_organisation,
    do_edit_community_organisation,
    do_register_community_organisation,
    do_set_member_standing,
)


def trail() -> list[tuple[int, str, str, str]]:
    return list(
        CommunityAuditEntry.objects.order_by("id").values_list(
            "actor_id", "action", "subject_type", "subject_id"
        )
    )


def test_estates_buildings_organisations_and_standing_are_audited(world):
    worker = world.cast.worker

    # when: a worker keeps the neighbourhood
    estate = do_create_estate(actor=worker, name="北站新村", kind=Estate.Kind.URBAN_VILLAGE)
    building = do_create_building(actor=worker, estate_id=estate.id, name="3栋", households=24)
    typed = building_for_text("北站新村5栋")
    confirmed = do_confirm_building(actor=worker, building_id=typed.id, estate_id=estate.id, name="5栋")
    details = OrganisationDetails(
        name="楼长协会", kind=CommunityOrganisation.Kind.CO_GOVERNANCE, members_count=106
    )
    association = do_register_community_organisation(actor=worker, details=details)
    do_edit_community_organisation(
        actor=worker,
        organisation_id=association.id,
        details=OrganisationDetails(**{**details.__dict__, "members_count": 107}),
    )
    do_dissolve_community_organisation(actor=worker, organisation_id=association.id, on=date(2026, 1, 1))
    do_set_member_standing(actor=worker, member_id=world.cast.alice.id, party=MemberStanding.Party.MEMBER)

    # then: one entry each, by the worker, naming what changed
    assert trail() == [
        (worker.id, "estate_created", "estate", str(estate.id)),
        (worker.id, "building_created", "building", str(building.id)),
        (worker.id, "building_confirmed", "building", str(confirmed.id)),
        (worker.id, "organisation_registered", "communityorganisation", str(association.id)),
        (worker.id, "organisation_edited", "communityorganisation", str(association.id)),
        (worker.id, "organisation_dissolved", "communityorganisation", str(association.id)),
        (worker.id, "member_standing_set", "member", str(world.cast.alice.id)),
    ]
    edited = CommunityAuditEntry.objects.get(action="organisation_edited")
    assert (edited.before["members_count"], edited.after["members_count"]) == (106, 107)
    confirmation = CommunityAuditEntry.objects.get(action="building_confirmed")
    assert (confirmation.before["name"], confirmation.after["name"]) == ("北站新村5栋", "5栋")
    assert world.minle_untouched()
