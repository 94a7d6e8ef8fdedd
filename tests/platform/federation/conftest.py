"""A small alliance across two communities, built with the real domain functions.

北站社区党委 (beizhan) convenes 北站联席会 with 北站公交派出所 (beizhan) and 民乐小学 (minle) as
members; 北站某物业 (beizhan) and 民乐某公司 (minle) stay outside; 龙华交警大队 has no home community.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

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
from sharepool.platform.federation.attendance import do_check_in_to_project_activity
from sharepool.platform.federation.listings import ListingInput, do_publish_demand, do_publish_resource
from sharepool.platform.federation.models import Alliance, FederatedOrganisation, ProjectActivity
from sharepool.platform.federation.organisations import do_register_organisation
from sharepool.platform.federation.projects import (
    do_accept_project,
    do_plan_project_year,
    do_sign_up_for_project_activity,
)
from sharepool.tenants.members.models import Member
from tests.graphql.conftest import add_member
from tests.tenants.cast import during

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


# ---------------------------------------------------------------------------------------------
# A joint project with an activity and residents of both communities signed up (awards, attendance)


@pytest.fixture
def joint_project(federation):
    """An active project between beizhan's police and minle's school, brokered by beizhan's committee,
    with a plan for next year."""
    # test_projects imports this module: its helpers are imported when the fixture runs.
    from tests.platform.federation.test_projects import next_year, propose

    f = federation
    demand = publish_demand(f.school, "学生交通安全培训", "alliance", [f.alliance], quantity=6)
    resource = publish_resource(f.police, "交通安全课程进学校", "alliance", [f.alliance], capacity=12)
    made = propose(f, demand, resource)
    for organisation in (f.school, f.police):
        do_accept_project(actor=f.actor(organisation), project_id=made.id)
    do_plan_project_year(actor=f.actor(f.committee), project_id=made.id, year=next_year())
    return made


@pytest.fixture
def joint_activity(federation, joint_project):
    """A beizhan-hosted activity (120 minutes, 5 places) with zhaofang (minle) and lihua (beizhan)
    signed up; nobody checked in."""
    from tests.platform.federation.test_projects import schedule

    f = federation
    made = schedule(f, joint_project, slots=5, minutes=120)
    for community, username in ((f.minle, "zhaofang"), (f.beizhan, "lihua")):
        sign_up(f, made, community, username)
    return made


def member_id(community: Community, username: str) -> int:
    with schema_context(community.schema_name):
        return Member.objects.get(user__username=username).id


def sign_up(federation: Federation, activity, community: Community, username: str) -> int:
    """Signs the resident up, making them a member of their community the first time."""
    with schema_context(community.schema_name):
        member = Member.objects.filter(user__username=username).first()
    member = member or add_member(community.schema_name, username)
    do_sign_up_for_project_activity(
        actor=federation.resident(community, member.id, username), activity_id=activity.id
    )
    return member.id


def check_in(federation: Federation, activity, community: Community, username: str, by=None):
    """The party committee (or `by`) checks the resident in."""
    return do_check_in_to_project_activity(
        actor=federation.actor(by or federation.committee),
        activity_id=activity.id,
        community_id=community.id,
        member_id=member_id(community, username),
        now=during(activity),
    )


def under_way(activity):
    """On the day: the activity (its residents signed up) started five minutes ago, so check-in is open
    and its hours may be awarded (issue 10), for tests that go through the API or the pages at the
    real time."""
    now = timezone.now()
    ProjectActivity.objects.filter(id=activity.id).update(
        starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=3)
    )
    activity.refresh_from_db()
    return activity
