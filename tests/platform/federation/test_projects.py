"""Projects: a demand linked with resources, accepted by everyone behind them, planned, run and reported."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sharepool.platform.communities.models import Community
from sharepool.platform.federation.actors import resident_actor
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import (
    Demand,
    Project,
    ProjectActivity,
    ProjectActivitySignup,
    ProjectOrganisation,
    Resource,
)
from sharepool.platform.federation.projects import (
    ResourceShare,
    do_accept_project,
    do_cancel_project,
    do_complete_project,
    do_plan_project_year,
    do_propose_project,
    do_record_project_outcome,
    do_schedule_project_activity,
    do_sign_up_for_project_activity,
    projects_for,
    upcoming_activities_for,
)
from tests.conftest import make_community
from tests.platform.federation.conftest import publish_demand, publish_resource

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def linked(federation):
    """The school's demand for safety classes and the police's classes, brokered by the party committee."""
    f = federation
    demand = publish_demand(f.school, "学生交通安全培训", "alliance", [f.alliance], quantity=6)
    resource = publish_resource(f.police, "交通安全课程进学校", "alliance", [f.alliance], capacity=12)
    return demand, resource


def propose(federation, demand, resource, quantity=6, by=None):
    return do_propose_project(
        actor=federation.actor(by or federation.committee),
        demand_id=demand.id,
        resources=[ResourceShare(resource.id, quantity)],
        title="交通安全课程进学校",
    )


@pytest.fixture
def active_project(federation, linked):
    f = federation
    demand, resource = linked
    project = propose(f, demand, resource)
    do_accept_project(actor=f.actor(f.school), project_id=project.id)
    do_accept_project(actor=f.actor(f.police), project_id=project.id)
    project.refresh_from_db()
    assert project.status == Project.Status.ACTIVE
    return project


def next_year() -> int:
    return timezone.now().astimezone(SHANGHAI).year + 1


def schedule(federation, project, *, year=None, slots=2, host=None, minutes=120):
    starts = datetime(year or next_year(), 1, 20, 9, 0, tzinfo=SHANGHAI)
    return do_schedule_project_activity(
        actor=federation.actor(federation.committee),
        project_id=project.id,
        title="寒假站区文明劝导",
        host_community_id=(host or federation.beizhan).id,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        volunteer_slots=slots,
        award_minutes=minutes,
    )


def test_a_proposal_holds_capacity_and_waits_for_every_organisation(federation, linked):
    # given
    f = federation
    demand, resource = linked

    # when
    project = propose(f, demand, resource)

    # then
    assert project.status == Project.Status.PROPOSED
    roles = {(p.organisation.name, p.role, p.accepted_at is not None) for p in project.participants.all()}
    assert roles == {
        ("北站社区党委", "lead", True),
        ("民乐小学", "demand", False),
        ("北站公交派出所", "resource", False),
    }
    assert Resource.objects.get(id=resource.id).capacity_committed == 6
    assert project.alliances.get() == f.alliance  # published like its demand


def test_the_project_turns_active_when_the_last_organisation_accepts(federation, linked):
    # given
    f = federation
    project = propose(f, *linked)

    # when
    do_accept_project(actor=f.actor(f.school), project_id=project.id)
    after_one = Project.objects.get(id=project.id).status
    do_accept_project(actor=f.actor(f.police), project_id=project.id)

    # then
    assert after_one == Project.Status.PROPOSED
    assert Project.objects.get(id=project.id).status == Project.Status.ACTIVE


def test_an_organisation_outside_the_project_cannot_accept_it(federation, linked):
    # given
    f = federation
    project = propose(f, *linked)

    # when
    with pytest.raises(FederationError) as refused:
        do_accept_project(actor=f.actor(f.company), project_id=project.id)

    # then
    assert refused.value.code == FederationErrorCode.PROJECT_NOT_FOUND
    assert Project.objects.get(id=project.id).status == Project.Status.PROPOSED
    assert ProjectOrganisation.objects.filter(project=project, accepted_at__isnull=False).count() == 1


def test_asking_for_more_than_is_left_is_refused_and_nothing_is_held(federation, linked):
    # given: 6 of 12 places already held
    f = federation
    demand, resource = linked
    propose(f, demand, resource, quantity=6)
    projects_before = Project.objects.count()

    # when
    with pytest.raises(FederationError) as refused:
        propose(f, demand, resource, quantity=7)

    # then
    assert refused.value.code == FederationErrorCode.CAPACITY_EXCEEDED
    assert Resource.objects.get(id=resource.id).capacity_committed == 6
    assert Project.objects.count() == projects_before


def test_a_resource_the_proposer_cannot_see_cannot_be_linked(federation, linked):
    # given: the property's resource is for beizhan only; the school is in minle
    f = federation
    demand, _resource = linked
    hidden = publish_resource(f.property, "物业会议室", "community", capacity=3, category="venue")

    # when
    with pytest.raises(FederationError) as refused:
        propose(f, demand, hidden, quantity=1, by=f.school)

    # then
    assert refused.value.code == FederationErrorCode.RESOURCE_NOT_FOUND
    assert Project.objects.count() == 0
    assert Resource.objects.get(id=hidden.id).capacity_committed == 0


def test_activities_need_a_year_plan_and_a_host_among_the_projects_communities(federation, active_project):
    # given
    f = federation
    xinniu = make_community("xinniu", "新牛社区")

    # when / then: no plan for that year yet
    with pytest.raises(FederationError) as no_plan:
        schedule(f, active_project)
    assert no_plan.value.code == FederationErrorCode.NO_YEAR_PLAN

    do_plan_project_year(
        actor=f.actor(f.committee), project_id=active_project.id, year=next_year(), planned_activities=12
    )
    with pytest.raises(FederationError) as foreign_host:
        schedule(f, active_project, host=Community.objects.get(slug=xinniu.slug))
    assert foreign_host.value.code == FederationErrorCode.COMMUNITY_NOT_FOUND
    assert ProjectActivity.objects.count() == 0

    activity = schedule(f, active_project)
    assert (activity.host_community_id, activity.award_minutes, activity.volunteer_slots) == (
        f.beizhan.id,
        120,
        2,
    )


def test_residents_of_the_alliances_communities_sign_up_on_their_own_host(federation, active_project):
    # given
    f = federation
    do_plan_project_year(actor=f.actor(f.committee), project_id=active_project.id, year=next_year())
    activity = schedule(f, active_project, slots=2)
    xinniu = Community.objects.get(slug=make_community("xinniu", "新牛社区", street_office="大浪街道").slug)
    outsider = resident_actor(community_id=xinniu.id, member_id=7, display_name="x")

    # when
    on_minle = list(upcoming_activities_for(f.resident(f.minle)))
    on_xinniu = list(upcoming_activities_for(outsider))
    do_sign_up_for_project_activity(actor=f.resident(f.minle, member_id=7), activity_id=activity.id)
    with pytest.raises(FederationError) as twice:
        do_sign_up_for_project_activity(actor=f.resident(f.minle, member_id=7), activity_id=activity.id)
    with pytest.raises(FederationError) as hidden:
        do_sign_up_for_project_activity(actor=outsider, activity_id=activity.id)
    # the same local id in another community is another person
    do_sign_up_for_project_activity(actor=f.resident(f.beizhan, member_id=7), activity_id=activity.id)
    with pytest.raises(FederationError) as full:
        do_sign_up_for_project_activity(actor=f.resident(f.beizhan, member_id=8), activity_id=activity.id)

    # then
    assert on_minle == [activity] and on_xinniu == []
    assert twice.value.code == FederationErrorCode.ALREADY_SIGNED_UP
    assert hidden.value.code == FederationErrorCode.ACTIVITY_NOT_FOUND
    assert full.value.code == FederationErrorCode.ACTIVITY_FULL
    signups = ProjectActivitySignup.objects.filter(activity=activity).order_by("id")
    assert [(s.community.slug, s.member_id) for s in signups] == [("minle", 7), ("beizhan", 7)]


def test_outcomes_add_up_and_completing_meets_the_demand_and_frees_capacity(
    federation, linked, active_project
):
    # given
    f = federation
    demand, resource = linked

    # when
    do_record_project_outcome(
        actor=f.actor(f.police),
        project_id=active_project.id,
        people_served=300,
        volunteer_minutes=480,
        organisation_ids=[f.police.id, f.school.id],
    )
    do_record_project_outcome(
        actor=f.actor(f.school), project_id=active_project.id, people_served=200, volunteer_minutes=120
    )
    do_complete_project(actor=f.actor(f.committee), project_id=active_project.id)

    # then
    outcomes = active_project.outcomes.all()
    assert sum(o.people_served for o in outcomes) == 500
    assert sum(o.volunteer_minutes for o in outcomes) == 600
    assert Demand.objects.get(id=demand.id).status == Demand.Status.MET
    assert Resource.objects.get(id=resource.id).capacity_committed == 0
    assert Project.objects.get(id=active_project.id).status == Project.Status.COMPLETED


def test_only_the_lead_cancels_and_cancelling_frees_capacity(federation, linked):
    # given
    f = federation
    demand, resource = linked
    project = propose(f, demand, resource)

    # when
    with pytest.raises(FederationError) as refused:
        do_cancel_project(actor=f.actor(f.police), project_id=project.id)
    held_after_refusal = Resource.objects.get(id=resource.id).capacity_committed
    do_cancel_project(actor=f.actor(f.committee), project_id=project.id)

    # then
    assert refused.value.code == FederationErrorCode.NOT_ALLOWED
    assert held_after_refusal == 6
    assert Resource.objects.get(id=resource.id).capacity_committed == 0
    assert Project.objects.get(id=project.id).status == Project.Status.CANCELLED


def test_projects_follow_the_visibility_rule(federation, active_project):
    f = federation

    assert [p.id for p in projects_for(f.actor(f.school))] == [active_project.id]
    assert [p.id for p in projects_for(f.resident(f.minle))] == [active_project.id]
    assert list(projects_for(f.actor(f.company))) == []
    assert list(projects_for(f.actor(f.property))) == []
