"""Projects (项目库): proposing, accepting, annual plans, monthly activities, outcomes (STYLE.md 2)."""

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.ids import local_id, parse_id
from sharepool.core.text import check_model_texts, check_text
from sharepool.platform.federation.access import (
    access_activity,
    access_organisation,
    access_project_as_participant,
    access_resource,
    acting_organisation,
    member_alliance_ids,
    not_allowed,
    not_found,
    visible_activities,
)
from sharepool.platform.federation.actors import (
    ActorKind,
    CommunitySideActor,
    FederationActor,
    organisation_actor,
)
from sharepool.platform.federation.audit import Action, audit_for_organisation
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.listings import check_amount, check_publication
from sharepool.platform.federation.models import (
    Demand,
    Project,
    ProjectActivity,
    ProjectActivitySignup,
    ProjectOrganisation,
    ProjectOutcome,
    ProjectResource,
    ProjectYearPlan,
    Resource,
    Visibility,
)
from sharepool.platform.federation.permissions import FederationPermission, federation_allows
from sharepool.platform.federation.visibility import visible

MAX_ACTIVITY_MINUTES = 24 * 60


@dataclass(frozen=True)
class ResourceShare:
    resource_id: int
    quantity: int


def state_invalid() -> FederationError:
    return FederationError(
        FederationErrorCode.PROJECT_STATE_INVALID, _("The project is not in a state that allows this.")
    )


def default_publication(demand: Demand, lead_alliances: set[int]) -> tuple[str, list[int]]:
    """A project is published like its demand, to the demand's alliances the lead belongs to."""
    if demand.visibility != Visibility.ALLIANCE:
        return demand.visibility, []
    shared = sorted(set(demand.alliances.values_list("id", flat=True)) & lead_alliances)
    return Visibility.ALLIANCE, shared


@transaction.atomic
def do_propose_project(
    *,
    actor: FederationActor,
    demand_id,
    resources: list[ResourceShare],
    title: str,
    description: str = "",
    visibility: str | None = None,
    alliance_ids: list[int] | None = None,
    organisation_id=None,
) -> Project:
    """Any organisation that sees the demand and the resources may link them (the party committee
    brokering between a school and a police station); every organisation behind them must accept."""
    lead = acting_organisation(actor, organisation_id)
    lead_view = organisation_actor(lead)
    title = title.strip()
    if not title:
        raise FederationError(FederationErrorCode.TITLE_REQUIRED, _("Give it a title."), field="title")
    check_model_texts(Project, title=title, description=description.strip())
    demand_seen = visible(Demand.objects.all(), lead_view).filter(id=local_id(demand_id)).first()
    if demand_seen is None:
        raise not_found(FederationErrorCode.DEMAND_NOT_FOUND, "demandId")
    demand = Demand.objects.select_for_update().get(id=demand_seen.id)
    if demand.status != Demand.Status.OPEN:
        raise FederationError(
            FederationErrorCode.DEMAND_CLOSED, _("This demand is no longer open."), "demandId"
        )
    if not resources:
        raise FederationError(
            FederationErrorCode.RESOURCES_REQUIRED, _("Link at least one resource."), field="resources"
        )
    lead_alliances = member_alliance_ids(lead.id)
    if visibility is None:
        visibility, alliance_ids = default_publication(demand, lead_alliances)
    alliance_ids = check_publication(lead, visibility, alliance_ids or [])

    shares: dict[int, int] = {}
    for share in resources:
        check_amount(share.quantity, "resources")
        resource_id = access_resource(lead_view, share.resource_id).id
        shares[resource_id] = shares.get(resource_id, 0) + share.quantity
    # Locked in id order, like ledger accounts (LEDGER.md): two proposals never deadlock on them.
    locked = list(Resource.objects.select_for_update().filter(id__in=shares).order_by("id"))
    for resource in locked:
        if resource.status != Resource.Status.OPEN:
            raise FederationError(
                FederationErrorCode.RESOURCE_UNAVAILABLE, _("This resource was withdrawn."), field="resources"
            )
        if resource.capacity - resource.capacity_committed < shares[resource.id]:
            raise FederationError(
                FederationErrorCode.CAPACITY_EXCEEDED,
                _("%(title)s has only %(left)d left.")
                % {"title": resource.title, "left": resource.capacity - resource.capacity_committed},
                field="resources",
            )
        resource.capacity_committed += shares[resource.id]
        resource.save(update_fields=["capacity_committed"])

    project = Project.objects.create(
        organisation=lead,
        community_id=lead.home_community_id,
        visibility=visibility,
        title=title,
        description=description.strip(),
        demand=demand,
    )
    project.alliances.set(alliance_ids)
    ProjectResource.objects.bulk_create(
        ProjectResource(project=project, resource_id=resource_id, quantity=quantity)
        for resource_id, quantity in shares.items()
    )
    roles = {lead.id: ProjectOrganisation.Role.LEAD}
    roles.setdefault(demand.organisation_id, ProjectOrganisation.Role.DEMAND)
    for resource in locked:
        roles.setdefault(resource.organisation_id, ProjectOrganisation.Role.RESOURCE)
    now = timezone.now()
    ProjectOrganisation.objects.bulk_create(
        ProjectOrganisation(
            project=project,
            organisation_id=organisation_id,
            role=role,
            accepted_at=now if organisation_id == lead.id else None,
        )
        for organisation_id, role in roles.items()
    )
    if len(roles) == 1:
        project.status = Project.Status.ACTIVE
        project.save(update_fields=["status"])
    audit_for_organisation(
        actor,
        Action.PROJECT_PROPOSED,
        project,
        lead,
        after={"title": project.title, "status": project.status, "resources": shares},
    )
    return project


@transaction.atomic
def do_accept_project(*, actor: FederationActor, project_id, organisation_id=None) -> Project:
    """The project turns active when the last organisation behind it accepts."""
    project, participation = access_project_as_participant(actor, project_id, organisation_id)
    if project.status != Project.Status.PROPOSED:
        raise state_invalid()
    if participation.accepted_at is not None:
        raise FederationError(FederationErrorCode.ALREADY_ACCEPTED, _("Your organisation already accepted."))
    participation.accepted_at = timezone.now()
    participation.save(update_fields=["accepted_at"])
    if not project.participants.filter(accepted_at__isnull=True).exists():
        project.status = Project.Status.ACTIVE
        project.save(update_fields=["status"])
    audit_for_organisation(
        actor, Action.PROJECT_ACCEPTED, project, participation.organisation, after={"status": project.status}
    )
    return project


def release_capacity(project: Project) -> None:
    links = {link.resource_id: link.quantity for link in project.resource_links.all()}
    for resource in Resource.objects.select_for_update().filter(id__in=links).order_by("id"):
        resource.capacity_committed -= links[resource.id]
        resource.save(update_fields=["capacity_committed"])


def check_lead(actor: FederationActor, participation: ProjectOrganisation) -> None:
    if participation.role != ProjectOrganisation.Role.LEAD and actor.kind != ActorKind.OPERATOR:
        raise not_allowed()


@transaction.atomic
def do_cancel_project(*, actor: FederationActor, project_id, organisation_id=None) -> Project:
    project, participation = access_project_as_participant(actor, project_id, organisation_id)
    check_lead(actor, participation)
    if project.status not in (Project.Status.PROPOSED, Project.Status.ACTIVE):
        raise state_invalid()
    release_capacity(project)
    project.status = Project.Status.CANCELLED
    project.save(update_fields=["status"])
    return project


@transaction.atomic
def do_complete_project(*, actor: FederationActor, project_id, organisation_id=None) -> Project:
    """Completing frees the resources' capacity and marks the demand met."""
    project, participation = access_project_as_participant(actor, project_id, organisation_id)
    check_lead(actor, participation)
    if project.status != Project.Status.ACTIVE:
        raise state_invalid()
    release_capacity(project)
    project.status = Project.Status.COMPLETED
    project.save(update_fields=["status"])
    Demand.objects.filter(id=project.demand_id, status=Demand.Status.OPEN).update(
        status=Demand.Status.MET, met_at=timezone.now()
    )
    return project


@transaction.atomic
def do_plan_project_year(
    *,
    actor: FederationActor,
    project_id,
    year: int,
    goals: str = "",
    planned_activities: int = 0,
    target_people_served: int = 0,
    target_volunteer_minutes: int = 0,
    organisation_id=None,
) -> ProjectYearPlan:
    """One plan per project and year (年年定计划); planning again replaces it."""
    project, participation = access_project_as_participant(actor, project_id, organisation_id)
    if project.status not in (Project.Status.PROPOSED, Project.Status.ACTIVE):
        raise state_invalid()
    check_model_texts(ProjectYearPlan, goals=goals.strip())
    if not (2000 <= year <= 2100):
        raise FederationError(
            FederationErrorCode.YEAR_INVALID, _("Give a year between 2000 and 2100."), "year"
        )
    for field, value in (
        ("plannedActivities", planned_activities),
        ("targetPeopleServed", target_people_served),
        ("targetVolunteerMinutes", target_volunteer_minutes),
    ):
        if not (0 <= value <= 10_000_000):
            raise FederationError(
                FederationErrorCode.AMOUNT_INVALID, _("Give a number that is not negative."), field
            )
    plan, _created = ProjectYearPlan.objects.update_or_create(
        project=project,
        year=year,
        defaults={
            "goals": goals.strip(),
            "planned_activities": planned_activities,
            "target_people_served": target_people_served,
            "target_volunteer_minutes": target_volunteer_minutes,
        },
    )
    audit_for_organisation(actor, Action.PROJECT_YEAR_PLANNED, plan, participation.organisation)
    return plan


def local_year(moment: datetime) -> int:
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).year


@transaction.atomic
def do_schedule_project_activity(
    *,
    actor: FederationActor,
    project_id,
    title: str,
    host_community_id,
    starts_at: datetime,
    ends_at: datetime,
    volunteer_slots: int,
    award_minutes: int = 0,
    description: str = "",
    location: str = "",
    organisation_id=None,
) -> ProjectActivity:
    """A monthly activity (月月有活动) of an active project, within a year that has a plan; it is hosted
    by a community of one of the project's organisations, whose time bank pays its hours."""
    project, _participation = access_project_as_participant(actor, project_id, organisation_id)
    if project.status != Project.Status.ACTIVE:
        raise state_invalid()
    title = title.strip()
    if not title:
        raise FederationError(FederationErrorCode.TITLE_REQUIRED, _("Give it a title."), field="title")
    check_model_texts(
        ProjectActivity, title=title, description=description.strip(), location=location.strip()
    )
    if ends_at <= starts_at:
        raise FederationError(FederationErrorCode.TIME_INVALID, _("It must end after it starts."), "endsAt")
    if not project.year_plans.filter(year=local_year(starts_at)).exists():
        raise FederationError(
            FederationErrorCode.NO_YEAR_PLAN,
            _("Plan the project's year before scheduling in it."),
            "startsAt",
        )
    hosts = set(
        project.participants.exclude(organisation__home_community=None).values_list(
            "organisation__home_community_id", flat=True
        )
    )
    host_id = parse_id(host_community_id)
    if host_id is None or host_id not in hosts:
        raise not_found(FederationErrorCode.COMMUNITY_NOT_FOUND, "hostCommunityId")
    check_amount(volunteer_slots, "volunteerSlots")
    duration = int((ends_at - starts_at).total_seconds() // 60)
    if not (0 <= award_minutes <= min(duration, MAX_ACTIVITY_MINUTES)):
        raise FederationError(
            FederationErrorCode.AMOUNT_INVALID,
            _("The minutes awarded cannot exceed the activity's length."),
            field="awardMinutes",
        )
    return ProjectActivity.objects.create(
        project=project,
        title=title,
        description=description.strip(),
        location=location.strip(),
        host_community_id=host_id,
        starts_at=starts_at,
        ends_at=ends_at,
        volunteer_slots=volunteer_slots,
        award_minutes=award_minutes,
    )


@transaction.atomic
def do_record_project_outcome(
    *,
    actor: FederationActor,
    project_id,
    people_served: int,
    volunteer_minutes: int,
    organisation_ids: Sequence[int] = (),
    activity_id=None,
    note: str = "",
    organisation_id=None,
) -> ProjectOutcome:
    """Append-only: each report adds to the project's totals."""
    project, participation = access_project_as_participant(actor, project_id, organisation_id)
    if project.status not in (Project.Status.ACTIVE, Project.Status.COMPLETED):
        raise state_invalid()
    check_model_texts(ProjectOutcome, note=note.strip())
    for field, value in (("peopleServed", people_served), ("volunteerMinutes", volunteer_minutes)):
        if not (0 <= value <= 10_000_000):
            raise FederationError(
                FederationErrorCode.OUTCOME_INVALID, _("Give a number that is not negative."), field
            )
    activity = None
    if activity_id is not None:
        activity = project.activities.filter(id=local_id(activity_id)).first()
        if activity is None:
            raise not_found(FederationErrorCode.ACTIVITY_NOT_FOUND, "activityId")
    organisations = {access_organisation(actor, oid).id for oid in organisation_ids}
    outcome = ProjectOutcome.objects.create(
        project=project,
        activity=activity,
        people_served=people_served,
        volunteer_minutes=volunteer_minutes,
        note=note.strip(),
        recorded_by_id=participation.organisation_id,
    )
    outcome.organisations.set(organisations)
    return outcome


@transaction.atomic
def do_sign_up_for_project_activity(*, actor: FederationActor, activity_id) -> ProjectActivitySignup:
    """A resident signs up on their own community's host to an activity visible there."""
    if not federation_allows(actor, FederationPermission.SIGN_UP_FOR_PROJECT_ACTIVITIES):
        raise not_allowed()
    if not isinstance(actor, CommunitySideActor):  # a sign-up names a member of a community
        raise not_allowed()
    activity = access_activity(actor, activity_id, for_update=True)
    if activity.status != ProjectActivity.Status.SCHEDULED or activity.starts_at <= timezone.now():
        raise FederationError(FederationErrorCode.ACTIVITY_CLOSED, _("Sign-up for this activity is closed."))
    if activity.project.status != Project.Status.ACTIVE:
        raise FederationError(FederationErrorCode.ACTIVITY_CLOSED, _("Sign-up for this activity is closed."))
    if ProjectActivitySignup.objects.filter(
        activity=activity, community_id=actor.community_id, member_id=actor.member_id
    ).exists():
        raise FederationError(FederationErrorCode.ALREADY_SIGNED_UP, _("You have already signed up."))
    if activity.signups.count() >= activity.volunteer_slots:
        raise FederationError(FederationErrorCode.ACTIVITY_FULL, _("This activity is full."))
    try:
        with transaction.atomic():
            return ProjectActivitySignup.objects.create(
                activity=activity,
                community_id=actor.community_id,
                member_id=actor.member_id,
                display_name=actor.display_name,
            )
    except IntegrityError:
        raise FederationError(
            FederationErrorCode.ALREADY_SIGNED_UP, _("You have already signed up.")
        ) from None


def projects_for(actor: FederationActor, *, status: str | None = None) -> QuerySet:
    check_text(status, field="status")
    projects = visible(Project.objects.all(), actor)
    if status:
        projects = projects.filter(status=status)
    return projects.order_by("-created", "-id")


def upcoming_activities_for(actor: FederationActor) -> QuerySet:
    """What a community host shows: scheduled activities of active projects visible to it."""
    return (
        visible_activities(actor)
        .filter(
            status=ProjectActivity.Status.SCHEDULED,
            project__status=Project.Status.ACTIVE,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at", "id")
    )


def signed_up_activities_for(actor: FederationActor) -> QuerySet:
    """The visible activities this resident signed up to that have not ended: what they check in to on
    the day, when upcoming_activities_for no longer lists them because they have started."""
    return (
        visible_activities(actor)
        .filter(
            status=ProjectActivity.Status.SCHEDULED,
            ends_at__gt=timezone.now(),
            signups__community_id=actor.community_id,
            signups__member_id=actor.member_id,
        )
        .order_by("starts_at", "id")
    )
