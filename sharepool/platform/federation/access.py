"""`access_<thing>(actor, id)`: the only way services reach a public-schema row for an actor (STYLE.md 6).

Each raises the thing's NOT_FOUND code both when the row is missing and when the actor may not see
or manage it, so a caller learns nothing about rows that are not theirs.
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from sharepool.core.ids import local_id
from sharepool.platform.federation.actors import ActorKind, FederationActor
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import (
    Alliance,
    AllianceInvitation,
    AllianceMembership,
    Demand,
    FederatedOrganisation,
    OrganisationToken,
    Project,
    ProjectActivity,
    ProjectOrganisation,
    Resource,
)
from sharepool.platform.federation.visibility import (
    alliances_of_community,
    alliances_of_street_office,
    visible,
)


def not_found(code: FederationErrorCode, field: str) -> FederationError:
    messages = {
        FederationErrorCode.ORGANISATION_NOT_FOUND: _("No such organisation."),
        FederationErrorCode.ALLIANCE_NOT_FOUND: _("No such alliance."),
        FederationErrorCode.INVITATION_NOT_FOUND: _("No such invitation."),
        FederationErrorCode.RESOURCE_NOT_FOUND: _("No such resource."),
        FederationErrorCode.DEMAND_NOT_FOUND: _("No such demand."),
        FederationErrorCode.PROJECT_NOT_FOUND: _("No such project."),
        FederationErrorCode.ACTIVITY_NOT_FOUND: _("No such activity."),
        FederationErrorCode.TOKEN_NOT_FOUND: _("No such token."),
        FederationErrorCode.COMMUNITY_NOT_FOUND: _("No such community."),
    }
    return FederationError(code, messages[code], field=field)


def not_allowed() -> FederationError:
    return FederationError(FederationErrorCode.NOT_ALLOWED, _("You may not do this."))


# ---------------------------------------------------------------------------------------------
# Organisations: a directory every signed-in actor reads; managed by itself, its home community's
# workers, its street office and operators.


def manageable_organisations(actor: FederationActor) -> QuerySet:
    organisations = FederatedOrganisation.objects.all()
    if actor.kind == ActorKind.OPERATOR:
        return organisations
    if actor.kind == ActorKind.STREET_OFFICE:
        return organisations.filter(street_office_id=actor.street_office_id)
    if actor.kind == ActorKind.ORGANISATION:
        return organisations.filter(id=actor.organisation_id)
    if actor.kind == ActorKind.COMMUNITY_WORKER:
        return organisations.filter(home_community_id=actor.community_id)
    return organisations.none()


def can_manage_organisation(actor: FederationActor, organisation: FederatedOrganisation) -> bool:
    """The same rule as manageable_organisations(), on a row already loaded."""
    if actor.kind == ActorKind.OPERATOR:
        return True
    if actor.kind == ActorKind.STREET_OFFICE:
        return organisation.street_office_id == actor.street_office_id
    if actor.kind == ActorKind.ORGANISATION:
        return organisation.id == actor.organisation_id
    if actor.kind == ActorKind.COMMUNITY_WORKER:
        return organisation.home_community_id == actor.community_id
    return False


def access_organisation(actor: FederationActor, organisation_id) -> FederatedOrganisation:
    organisation = FederatedOrganisation.objects.filter(id=local_id(organisation_id)).first()
    if organisation is None:
        raise not_found(FederationErrorCode.ORGANISATION_NOT_FOUND, "organisationId")
    return organisation


def access_organisation_to_manage(
    actor: FederationActor, organisation_id, *, for_update: bool = False
) -> FederatedOrganisation:
    organisations = manageable_organisations(actor)
    if for_update:
        organisations = organisations.select_for_update()
    organisation = organisations.filter(id=local_id(organisation_id)).first()
    if organisation is None:
        raise not_found(FederationErrorCode.ORGANISATION_NOT_FOUND, "organisationId")
    return organisation


def acting_organisation(actor: FederationActor, organisation_id=None) -> FederatedOrganisation:
    """The organisation an operation is done for: the token's own, or one a manager names."""
    if organisation_id is None:
        if actor.organisation_id is None:
            raise not_found(FederationErrorCode.ORGANISATION_NOT_FOUND, "organisationId")
        organisation_id = actor.organisation_id
    return access_organisation_to_manage(actor, organisation_id)


def access_token_to_manage(actor: FederationActor, token_id) -> OrganisationToken:
    token = (
        OrganisationToken.objects.filter(
            organisation__in=manageable_organisations(actor), id=local_id(token_id)
        )
        .select_related("organisation")
        .first()
    )
    if token is None:
        raise not_found(FederationErrorCode.TOKEN_NOT_FOUND, "tokenId")
    return token


# ---------------------------------------------------------------------------------------------
# Alliances


def visible_alliances(actor: FederationActor) -> QuerySet:
    alliances = Alliance.objects.all()
    if actor.kind == ActorKind.OPERATOR:
        return alliances
    if actor.kind == ActorKind.ORGANISATION:
        # Members, and organisations holding an invitation (they must see what they are asked to join).
        return alliances.filter(
            Exists(
                AllianceMembership.objects.filter(
                    alliance=OuterRef("pk"),
                    organisation_id=actor.organisation_id,
                    status=AllianceMembership.Status.ACTIVE,
                )
            )
            | Exists(
                AllianceInvitation.objects.filter(
                    alliance=OuterRef("pk"),
                    organisation_id=actor.organisation_id,
                    status=AllianceInvitation.Status.PENDING,
                )
            )
        )
    if actor.kind == ActorKind.STREET_OFFICE:
        return alliances_of_street_office(actor.street_office_id)
    return alliances_of_community(actor.community_id)


def access_alliance(actor: FederationActor, alliance_id) -> Alliance:
    alliance = visible_alliances(actor).filter(id=local_id(alliance_id)).first()
    if alliance is None:
        raise not_found(FederationErrorCode.ALLIANCE_NOT_FOUND, "allianceId")
    return alliance


def can_convene(actor: FederationActor, alliance: Alliance) -> bool:
    if actor.kind == ActorKind.OPERATOR:
        return True
    if actor.kind == ActorKind.ORGANISATION:
        return AllianceMembership.objects.filter(
            alliance=alliance,
            organisation_id=actor.organisation_id,
            role=AllianceMembership.Role.CONVENER,
            status=AllianceMembership.Status.ACTIVE,
        ).exists()
    if actor.kind == ActorKind.STREET_OFFICE:
        return alliance.convening_street_office_id == actor.street_office_id
    if actor.kind == ActorKind.COMMUNITY_WORKER:
        return alliance.convener_community_id == actor.community_id
    return False


def access_alliance_to_convene(actor: FederationActor, alliance_id) -> Alliance:
    alliance = access_alliance(actor, alliance_id)
    if not can_convene(actor, alliance):
        raise not_allowed()
    return alliance


def access_invitation_to_answer(actor: FederationActor, invitation_id) -> AllianceInvitation:
    invitation = (
        AllianceInvitation.objects.select_for_update()
        .filter(id=local_id(invitation_id), organisation__in=manageable_organisations(actor))
        .first()
    )
    if invitation is None or invitation.status != AllianceInvitation.Status.PENDING:
        raise not_found(FederationErrorCode.INVITATION_NOT_FOUND, "invitationId")
    return invitation


# ---------------------------------------------------------------------------------------------
# Resources, demands, projects: read through visible(), managed by whoever manages the owner


def access_resource(actor: FederationActor, resource_id, *, alliance_ids=None) -> Resource:
    resources = visible(Resource.objects.all(), actor, alliance_ids=alliance_ids).filter(
        id=local_id(resource_id)
    )
    resource = resources.select_related("organisation").first()
    if resource is None:
        raise not_found(FederationErrorCode.RESOURCE_NOT_FOUND, "resourceId")
    return resource


def access_resource_to_manage(actor: FederationActor, resource_id) -> Resource:
    resource = (
        Resource.objects.select_for_update()
        .filter(id=local_id(resource_id), organisation__in=manageable_organisations(actor))
        .first()
    )
    if resource is None:
        raise not_found(FederationErrorCode.RESOURCE_NOT_FOUND, "resourceId")
    return resource


def access_demand(actor: FederationActor, demand_id) -> Demand:
    demands = (
        visible(Demand.objects.all(), actor).filter(id=local_id(demand_id)).select_related("organisation")
    )
    demand = demands.first()
    if demand is None:
        raise not_found(FederationErrorCode.DEMAND_NOT_FOUND, "demandId")
    return demand


def access_demand_to_manage(actor: FederationActor, demand_id, *, for_update: bool = True) -> Demand:
    demands = Demand.objects.filter(id=local_id(demand_id), organisation__in=manageable_organisations(actor))
    if for_update:
        demands = demands.select_for_update()
    demand = demands.select_related("organisation").first()
    if demand is None:
        raise not_found(FederationErrorCode.DEMAND_NOT_FOUND, "demandId")
    return demand


def access_project_as_participant(
    actor: FederationActor, project_id, organisation_id=None
) -> tuple[Project, ProjectOrganisation]:
    """The project (locked) and the participation of the organisation the actor acts for."""
    participations = ProjectOrganisation.objects.filter(
        project_id=local_id(project_id), organisation__in=manageable_organisations(actor)
    )
    if organisation_id is not None:
        participations = participations.filter(organisation_id=local_id(organisation_id))
    elif actor.organisation_id is not None:
        participations = participations.filter(organisation_id=actor.organisation_id)
    participation = participations.order_by("id").first()
    if participation is None:
        raise not_found(FederationErrorCode.PROJECT_NOT_FOUND, "projectId")
    project = Project.objects.select_for_update().get(id=participation.project_id)
    return project, participation


def visible_activities(actor: FederationActor) -> QuerySet:
    return ProjectActivity.objects.filter(project__in=visible(Project.objects.all(), actor))


def access_activity(actor: FederationActor, activity_id, *, for_update: bool = False) -> ProjectActivity:
    activities = visible_activities(actor).filter(id=local_id(activity_id))
    activity = activities.first()
    if activity is None:
        raise not_found(FederationErrorCode.ACTIVITY_NOT_FOUND, "activityId")
    if for_update:
        activity = ProjectActivity.objects.select_for_update().get(id=activity.id)
    return activity


def manageable_activities(actor: FederationActor) -> QuerySet:
    """Activities of projects in which an organisation the actor manages takes part: its organisations,
    the street office and operators, and community workers of an organisation's home community."""
    return ProjectActivity.objects.filter(
        Exists(
            ProjectOrganisation.objects.filter(
                project=OuterRef("project"), organisation__in=manageable_organisations(actor)
            )
        )
    )


def access_activity_to_manage(
    actor: FederationActor, activity_id, organisation_id=None
) -> tuple[ProjectActivity, Project, ProjectOrganisation]:
    """The activity and its project (both locked, project first) and the participation acted for.

    Not the actor's and missing look the same; an actor who sees the activity (a resident of a
    community it is shown in) but may not manage it is told it is not allowed.
    """
    found = manageable_activities(actor).filter(id=local_id(activity_id)).first()
    if found is None:
        if visible_activities(actor).filter(id=local_id(activity_id)).exists():
            raise not_allowed()
        raise not_found(FederationErrorCode.ACTIVITY_NOT_FOUND, "activityId")
    project, participation = access_project_as_participant(actor, found.project_id, organisation_id)
    activity = ProjectActivity.objects.select_for_update().get(id=found.id)
    return activity, project, participation


def member_alliance_ids(organisation_id: int) -> set[int]:
    return set(
        AllianceMembership.objects.filter(
            organisation_id=organisation_id, status=AllianceMembership.Status.ACTIVE
        ).values_list("alliance_id", flat=True)
    )
