"""Organisations and alliances: registering, verifying, convening, inviting, accepting, leaving."""

import pytest

from sharepool.platform.federation.access import visible_alliances
from sharepool.platform.federation.actors import community_worker_actor
from sharepool.platform.federation.alliances import (
    do_accept_alliance_invitation,
    do_create_alliance,
    do_invite_to_alliance,
    do_leave_alliance,
)
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import (
    Alliance,
    AllianceInvitation,
    AllianceMembership,
    FederatedOrganisation,
)
from sharepool.platform.federation.organisations import (
    ContactInput,
    do_register_organisation,
    do_verify_organisation,
)


def active_members(alliance) -> dict[str, str]:
    return {
        m.organisation.name: m.role
        for m in AllianceMembership.objects.filter(alliance=alliance, status="active").select_related(
            "organisation"
        )
    }


def test_the_fixture_alliance_is_convened_by_the_committee_for_beizhan(federation):
    f = federation

    assert f.alliance.convener_community_id == f.beizhan.id
    assert active_members(f.alliance) == {
        "北站社区党委": "convener",
        "北站公交派出所": "member",
        "民乐小学": "member",
    }


def test_a_community_worker_registers_an_organisation_of_their_community_and_verifies_it(federation):
    # given
    f = federation
    worker = community_worker_actor(community_id=f.minle.id, member_id=1)

    # when
    organisation = do_register_organisation(
        actor=worker,
        name="民乐楼长协会",
        kind="social_co_governance",
        home_community_id=f.beizhan.id,  # ignored: a worker registers for their own community
        contacts=[ContactInput(name="李会长", role="会长", phone="13800138000")],
    )
    do_verify_organisation(actor=worker, organisation_id=organisation.id)

    # then
    organisation.refresh_from_db()
    assert (organisation.home_community_id, organisation.street_office_id) == (f.minle.id, f.office.id)
    assert organisation.verified and organisation.verified_at is not None
    assert [(c.name, c.phone) for c in organisation.contacts.all()] == [("李会长", "13800138000")]


def test_an_organisation_cannot_verify_itself_and_another_community_cannot_verify_it(federation):
    # given
    f = federation

    # when
    with pytest.raises(FederationError) as itself:
        do_verify_organisation(actor=f.actor(f.police), organisation_id=f.police.id)
    with pytest.raises(FederationError) as other_community:
        do_verify_organisation(
            actor=community_worker_actor(community_id=f.minle.id, member_id=1), organisation_id=f.police.id
        )

    # then
    assert itself.value.code == FederationErrorCode.NOT_ALLOWED
    assert other_community.value.code == FederationErrorCode.ORGANISATION_NOT_FOUND
    assert FederatedOrganisation.objects.get(id=f.police.id).verified is False


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": " "}, FederationErrorCode.NAME_REQUIRED),
        ({"name": "北站公交派出所"}, FederationErrorCode.NAME_TAKEN),
        ({"kind": "club"}, FederationErrorCode.KIND_INVALID),
        ({"contacts": [ContactInput(name="x", phone="call me")]}, FederationErrorCode.CONTACT_INVALID),
        ({"contacts": [ContactInput(name="x", email="not-an-email")]}, FederationErrorCode.CONTACT_INVALID),
    ],
)
def test_bad_registrations_are_refused_and_nothing_is_created(federation, fields, code):
    f = federation
    before = FederatedOrganisation.objects.count()

    with pytest.raises(FederationError) as refused:
        do_register_organisation(**({"actor": f.office_actor, "name": "新单位", "kind": "company"} | fields))

    assert refused.value.code == code
    assert FederatedOrganisation.objects.count() == before


def test_an_invitation_is_idempotent_and_accepting_it_makes_a_member(federation):
    # given
    f = federation

    # when
    first = do_invite_to_alliance(
        actor=f.actor(f.committee), alliance_id=f.alliance.id, organisation_id=f.company.id
    )
    again = do_invite_to_alliance(
        actor=f.actor(f.committee), alliance_id=f.alliance.id, organisation_id=f.company.id
    )
    seen_while_invited = list(visible_alliances(f.actor(f.company)))
    do_accept_alliance_invitation(actor=f.actor(f.company), invitation_id=first.id)

    # then
    assert first.id == again.id
    assert seen_while_invited == [f.alliance]
    assert active_members(f.alliance)["民乐某公司"] == "member"
    assert AllianceInvitation.objects.get(id=first.id).status == "accepted"
    with pytest.raises(FederationError) as twice:
        do_accept_alliance_invitation(actor=f.actor(f.company), invitation_id=first.id)
    assert twice.value.code == FederationErrorCode.INVITATION_NOT_FOUND


def test_only_a_convener_invites_and_an_outsider_does_not_see_the_alliance(federation):
    # given
    f = federation
    invitations_before = AllianceInvitation.objects.count()

    # when
    with pytest.raises(FederationError) as member:
        do_invite_to_alliance(
            actor=f.actor(f.school), alliance_id=f.alliance.id, organisation_id=f.company.id
        )
    with pytest.raises(FederationError) as outsider:
        do_invite_to_alliance(
            actor=f.actor(f.company), alliance_id=f.alliance.id, organisation_id=f.company.id
        )
    with pytest.raises(FederationError) as already:
        do_invite_to_alliance(
            actor=f.actor(f.committee), alliance_id=f.alliance.id, organisation_id=f.school.id
        )

    # then
    assert member.value.code == FederationErrorCode.NOT_ALLOWED
    assert outsider.value.code == FederationErrorCode.ALLIANCE_NOT_FOUND
    assert already.value.code == FederationErrorCode.ALREADY_MEMBER
    assert AllianceInvitation.objects.count() == invitations_before


def test_the_street_office_convenes_an_alliance_of_its_own(federation):
    f = federation

    alliance = do_create_alliance(
        actor=f.office_actor, name="民治街道共建联盟", convener_organisation_id=f.brigade.id
    )

    assert (alliance.convener_street_office_id, alliance.convener_community_id) == (f.office.id, None)
    assert active_members(alliance) == {"龙华交警大队": "convener"}


def test_the_last_convener_stays_while_members_remain_and_members_leave_freely(federation):
    # given
    f = federation

    # when
    with pytest.raises(FederationError) as refused:
        do_leave_alliance(actor=f.actor(f.committee), alliance_id=f.alliance.id)
    do_leave_alliance(actor=f.actor(f.school), alliance_id=f.alliance.id)

    # then
    assert refused.value.code == FederationErrorCode.LAST_CONVENER
    assert active_members(f.alliance) == {"北站社区党委": "convener", "北站公交派出所": "member"}
    with pytest.raises(FederationError) as gone:
        do_leave_alliance(actor=f.actor(f.school), alliance_id=f.alliance.id)
    assert gone.value.code == FederationErrorCode.ALLIANCE_NOT_FOUND


def test_a_district_level_unit_cannot_convene_for_a_community(federation):
    f = federation
    before = Alliance.objects.count()

    with pytest.raises(FederationError) as refused:
        do_create_alliance(actor=f.actor(f.brigade), name="x")

    assert refused.value.code == FederationErrorCode.NO_HOME_COMMUNITY
    assert Alliance.objects.count() == before
