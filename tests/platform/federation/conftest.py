"""A small alliance across two communities, built with the real domain functions.

北站社区党委 (beizhan) convenes 北站联席会 with 北站公交派出所 (beizhan) and 民乐小学 (minle) as
members; 北站某物业 (beizhan) and 民乐某公司 (minle) stay outside; 龙华交警大队 has no home community.
"""

from dataclasses import dataclass

import pytest

from sharepool.platform.communities.models import Community, StreetOffice
from sharepool.platform.federation.actors import (
    FederationActor,
    organisation_actor,
    resident_actor,
    street_office_actor,
)
from sharepool.platform.federation.alliances import (
    do_accept_alliance_invitation,
    do_create_alliance,
    do_invite_to_alliance,
)
from sharepool.platform.federation.listings import ListingInput, do_publish_demand, do_publish_resource
from sharepool.platform.federation.models import Alliance, FederatedOrganisation
from sharepool.platform.federation.organisations import do_register_organisation

Kind = FederatedOrganisation.Kind


@dataclass
class Federation:
    beizhan: Community
    minle: Community
    office: StreetOffice
    office_actor: FederationActor
    committee: FederatedOrganisation
    police: FederatedOrganisation
    school: FederatedOrganisation
    property: FederatedOrganisation
    company: FederatedOrganisation
    brigade: FederatedOrganisation
    alliance: Alliance

    def actor(self, organisation: FederatedOrganisation) -> FederationActor:
        return organisation_actor(organisation)

    def resident(self, community: Community, member_id: int = 7, name: str = "赵芳") -> FederationActor:
        return resident_actor(community_id=community.id, member_id=member_id, display_name=name)


def register(office_actor, name, kind, community=None) -> FederatedOrganisation:
    return do_register_organisation(
        actor=office_actor, name=name, kind=kind, home_community_id=community.id if community else None
    )


def join(alliance, convener_actor, organisation) -> None:
    invitation = do_invite_to_alliance(
        actor=convener_actor, alliance_id=alliance.id, organisation_id=organisation.id
    )
    do_accept_alliance_invitation(actor=organisation_actor(organisation), invitation_id=invitation.id)


@pytest.fixture
def federation(beizhan, minle) -> Federation:
    beizhan_row = Community.objects.get(slug="beizhan")
    minle_row = Community.objects.get(slug="minle")
    office = beizhan_row.street_office
    office_actor = street_office_actor(office.id)
    committee = register(office_actor, "北站社区党委", Kind.PARTY_COMMITTEE, beizhan_row)
    police = register(office_actor, "北站公交派出所", Kind.RESIDENT_UNIT, beizhan_row)
    school = register(office_actor, "民乐小学", Kind.SCHOOL, minle_row)
    property_ = register(office_actor, "北站某物业", Kind.PROPERTY_MANAGEMENT, beizhan_row)
    company = register(office_actor, "民乐某公司", Kind.COMPANY, minle_row)
    brigade = register(office_actor, "龙华交警大队", Kind.GOVERNMENT)
    alliance = do_create_alliance(actor=organisation_actor(committee), name="北站党组织联席会")
    for member in (police, school):
        join(alliance, organisation_actor(committee), member)
    return Federation(
        beizhan=beizhan_row,
        minle=minle_row,
        office=office,
        office_actor=office_actor,
        committee=committee,
        police=police,
        school=school,
        property=property_,
        company=company,
        brigade=brigade,
        alliance=alliance,
    )


def listing(title: str, visibility: str, alliances=(), category="safety_education", tags=(), windows=()):
    return ListingInput(
        title=title,
        category=category,
        visibility=visibility,
        tags=tuple(tags),
        windows=tuple(windows),
        alliance_ids=tuple(a.id for a in alliances),
    )


def publish_resource(organisation, title, visibility, alliances=(), capacity=10, **kwargs):
    return do_publish_resource(
        actor=organisation_actor(organisation),
        listing=listing(title, visibility, alliances, **kwargs),
        capacity=capacity,
    )


def publish_demand(organisation, title, visibility, alliances=(), quantity=10, **kwargs):
    return do_publish_demand(
        actor=organisation_actor(organisation),
        listing=listing(title, visibility, alliances, **kwargs),
        quantity=quantity,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Each onboarding hashes the community admin's password; these tests are not about passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
