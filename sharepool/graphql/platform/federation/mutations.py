"""Federation mutations of the platform endpoint: each validates input and calls one domain function.

Every one needs a signed-in identity (an organisation token, street-office staff or an operator); who
may do what to which row is the domain's access rule (access.py), answered with typed error codes.
"""

import graphene

from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import in_domain
from sharepool.graphql.core.scalars import DateTime
from sharepool.graphql.platform.federation.actors import federation_actor
from sharepool.graphql.platform.federation.types import (
    AllianceMemberType,
    AllianceType,
    DemandType,
    InvitationType,
    OrganisationType,
    ProjectActivitySignupType,
    ProjectActivityType,
    ProjectType,
    ResourceType,
    YearPlanType,
)
from sharepool.platform.federation.alliances import (
    do_accept_alliance_invitation,
    do_create_alliance,
    do_invite_to_alliance,
    do_leave_alliance,
)
from sharepool.platform.federation.attendance import do_check_in_to_project_activity
from sharepool.platform.federation.awards import do_award_project_activity
from sharepool.platform.federation.listings import (
    ListingInput,
    Window,
    do_publish_demand,
    do_publish_resource,
    do_withdraw_demand,
    do_withdraw_resource,
)
from sharepool.platform.federation.models import ProjectActivity
from sharepool.platform.federation.organisations import (
    ContactInput,
    do_register_organisation,
    do_verify_organisation,
)
from sharepool.platform.federation.permissions import FederationPermission
from sharepool.platform.federation.projects import (
    ResourceShare,
    do_accept_project,
    do_cancel_project,
    do_complete_project,
    do_plan_project_year,
    do_propose_project,
    do_record_project_outcome,
    do_schedule_project_activity,
)
from sharepool.platform.federation.tokens import do_issue_organisation_token, do_revoke_organisation_token


def actor_of(info):
    return federation_actor(info.context)


class FederationMutation(DomainMutation):
    class Meta:
        abstract = True


# ---------------------------------------------------------------------------------------------
# Organisations and tokens


class ContactInputType(graphene.InputObjectType):
    class Meta:
        name = "ContactInput"

    name = graphene.String(required=True)
    role = graphene.String(default_value="")
    phone = graphene.String(default_value="")
    email = graphene.String(default_value="")


class RegisterOrganisation(FederationMutation):
    """Community workers register their community's organisations; street offices and operators any."""

    permissions = (in_domain(FederationPermission.REGISTER_ORGANISATIONS),)

    class Arguments:
        name = graphene.String(required=True)
        kind = graphene.String(required=True, description="An OrganisationKind value, e.g. school.")
        home_community_id = graphene.ID()
        street_office_id = graphene.ID(description="Operators, for a district-level unit.")
        description = graphene.String(default_value="")
        contacts = graphene.List(graphene.NonNull(ContactInputType), default_value=[])

    organisation = graphene.Field(OrganisationType)

    @classmethod
    def perform(cls, info, name, kind, description, contacts, home_community_id=None, street_office_id=None):
        organisation = do_register_organisation(
            actor=actor_of(info),
            name=name,
            kind=kind,
            home_community_id=home_community_id,
            street_office_id=street_office_id,
            description=description,
            contacts=[ContactInput(c.name, c.role, c.phone, c.email) for c in contacts],
        )
        return cls(organisation=organisation, errors=[])


class VerifyOrganisation(FederationMutation):
    permissions = (in_domain(FederationPermission.VERIFY_ORGANISATIONS),)

    class Arguments:
        organisation_id = graphene.ID(required=True)

    organisation = graphene.Field(OrganisationType)

    @classmethod
    def perform(cls, info, organisation_id):
        return cls(
            organisation=do_verify_organisation(actor=actor_of(info), organisation_id=organisation_id),
            errors=[],
        )


class IssueOrganisationToken(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        organisation_id = graphene.ID(description="Left out: the calling organisation's own.")
        name = graphene.String(required=True)
        expires_in_days = graphene.Int(default_value=90)

    token = graphene.String(description="Send as `Authorization: Bearer <token>`; shown once.")
    token_id = graphene.ID()
    expires_at = DateTime()

    @classmethod
    def perform(cls, info, name, expires_in_days, organisation_id=None):
        issued = do_issue_organisation_token(
            actor=actor_of(info), organisation_id=organisation_id, name=name, expires_in_days=expires_in_days
        )
        return cls(token=issued.token, token_id=issued.token_id, expires_at=issued.expires_at, errors=[])


class RevokeOrganisationToken(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        token_id = graphene.ID(required=True)

    ok = graphene.Boolean()

    @classmethod
    def perform(cls, info, token_id):
        do_revoke_organisation_token(actor=actor_of(info), token_id=token_id)
        return cls(ok=True, errors=[])


# ---------------------------------------------------------------------------------------------
# Alliances


class CreateAlliance(FederationMutation):
    permissions = (in_domain(FederationPermission.CONVENE_ALLIANCES),)

    class Arguments:
        name = graphene.String(required=True)
        description = graphene.String(default_value="")
        convener_organisation_id = graphene.ID(description="Street offices: the organisation that convenes.")

    alliance = graphene.Field(AllianceType)

    @classmethod
    def perform(cls, info, name, description, convener_organisation_id=None):
        alliance = do_create_alliance(
            actor=actor_of(info),
            name=name,
            description=description,
            convener_organisation_id=convener_organisation_id,
        )
        return cls(alliance=alliance, errors=[])


class InviteToAlliance(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        alliance_id = graphene.ID(required=True)
        organisation_id = graphene.ID(required=True)

    invitation = graphene.Field(InvitationType)

    @classmethod
    def perform(cls, info, alliance_id, organisation_id):
        invitation = do_invite_to_alliance(
            actor=actor_of(info), alliance_id=alliance_id, organisation_id=organisation_id
        )
        return cls(invitation=invitation, errors=[])


class AcceptAllianceInvitation(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        invitation_id = graphene.ID(required=True)

    membership = graphene.Field(AllianceMemberType)

    @classmethod
    def perform(cls, info, invitation_id):
        membership = do_accept_alliance_invitation(actor=actor_of(info), invitation_id=invitation_id)
        return cls(membership=membership, errors=[])


class LeaveAlliance(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        alliance_id = graphene.ID(required=True)
        organisation_id = graphene.ID(description="Left out: the calling organisation.")

    ok = graphene.Boolean()

    @classmethod
    def perform(cls, info, alliance_id, organisation_id=None):
        do_leave_alliance(actor=actor_of(info), alliance_id=alliance_id, organisation_id=organisation_id)
        return cls(ok=True, errors=[])


# ---------------------------------------------------------------------------------------------
# Resources and demands


class WindowInput(graphene.InputObjectType):
    starts = graphene.Date(required=True)
    ends = graphene.Date(required=True)


class ListingInputType(graphene.InputObjectType):
    class Meta:
        name = "ListingInput"

    organisation_id = graphene.ID(description="Left out: the calling organisation.")
    title = graphene.String(required=True)
    category = graphene.String(required=True, description="A ListingCategory value, e.g. volunteering.")
    visibility = graphene.String(required=True, description="community, alliance or platform.")
    alliance_ids = graphene.List(graphene.NonNull(graphene.ID), default_value=[])
    tags = graphene.List(graphene.NonNull(graphene.String), default_value=[])
    description = graphene.String(default_value="")
    windows = graphene.List(graphene.NonNull(WindowInput), default_value=[])


def listing_from(input) -> ListingInput:
    return ListingInput(
        title=input.title,
        category=input.category,
        visibility=input.visibility,
        tags=tuple(input.tags),
        description=input.description,
        windows=tuple(Window(w.starts, w.ends) for w in input.windows),
        alliance_ids=tuple(input.alliance_ids),
    )


class PublishResource(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        input = ListingInputType(required=True)
        capacity = graphene.Int(required=True)

    resource = graphene.Field(ResourceType)

    @classmethod
    def perform(cls, info, input, capacity):
        resource = do_publish_resource(
            actor=actor_of(info),
            listing=listing_from(input),
            capacity=capacity,
            organisation_id=input.organisation_id,
        )
        return cls(resource=resource, errors=[])


class PublishDemand(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        input = ListingInputType(required=True)
        quantity = graphene.Int(required=True)

    demand = graphene.Field(DemandType)

    @classmethod
    def perform(cls, info, input, quantity):
        demand = do_publish_demand(
            actor=actor_of(info),
            listing=listing_from(input),
            quantity=quantity,
            organisation_id=input.organisation_id,
        )
        return cls(demand=demand, errors=[])


class WithdrawResource(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        resource_id = graphene.ID(required=True)

    resource = graphene.Field(ResourceType)

    @classmethod
    def perform(cls, info, resource_id):
        return cls(resource=do_withdraw_resource(actor=actor_of(info), resource_id=resource_id), errors=[])


class WithdrawDemand(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        demand_id = graphene.ID(required=True)

    demand = graphene.Field(DemandType)

    @classmethod
    def perform(cls, info, demand_id):
        return cls(demand=do_withdraw_demand(actor=actor_of(info), demand_id=demand_id), errors=[])


# ---------------------------------------------------------------------------------------------
# Projects


class ResourceShareInput(graphene.InputObjectType):
    resource_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)


class ProposeProject(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        demand_id = graphene.ID(required=True)
        resources = graphene.List(graphene.NonNull(ResourceShareInput), required=True)
        title = graphene.String(required=True)
        description = graphene.String(default_value="")
        visibility = graphene.String(description="Left out: published like the demand.")
        alliance_ids = graphene.List(graphene.NonNull(graphene.ID))
        organisation_id = graphene.ID(description="Left out: the calling organisation leads.")

    project = graphene.Field(ProjectType)

    @classmethod
    def perform(
        cls,
        info,
        demand_id,
        resources,
        title,
        description,
        visibility=None,
        alliance_ids=None,
        organisation_id=None,
    ):
        project = do_propose_project(
            actor=actor_of(info),
            demand_id=demand_id,
            resources=[ResourceShare(share.resource_id, share.quantity) for share in resources],
            title=title,
            description=description,
            visibility=visibility,
            alliance_ids=alliance_ids,
            organisation_id=organisation_id,
        )
        return cls(project=project, errors=[])


class AcceptProject(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        project_id = graphene.ID(required=True)
        organisation_id = graphene.ID()

    project = graphene.Field(ProjectType)

    @classmethod
    def perform(cls, info, project_id, organisation_id=None):
        project = do_accept_project(
            actor=actor_of(info), project_id=project_id, organisation_id=organisation_id
        )
        return cls(project=project, errors=[])


class CancelProject(FederationMutation):
    """The lead organisation cancels a proposed or active project; its resources' capacity is freed."""

    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        project_id = graphene.ID(required=True)
        organisation_id = graphene.ID()

    project = graphene.Field(ProjectType)

    @classmethod
    def perform(cls, info, project_id, organisation_id=None):
        project = do_cancel_project(
            actor=actor_of(info), project_id=project_id, organisation_id=organisation_id
        )
        return cls(project=project, errors=[])


class CompleteProject(FederationMutation):
    """The lead organisation completes an active project: capacity freed, the demand marked met."""

    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        project_id = graphene.ID(required=True)
        organisation_id = graphene.ID()

    project = graphene.Field(ProjectType)

    @classmethod
    def perform(cls, info, project_id, organisation_id=None):
        project = do_complete_project(
            actor=actor_of(info), project_id=project_id, organisation_id=organisation_id
        )
        return cls(project=project, errors=[])


class PlanProjectYear(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        project_id = graphene.ID(required=True)
        year = graphene.Int(required=True)
        goals = graphene.String(default_value="")
        planned_activities = graphene.Int(default_value=0)
        target_people_served = graphene.Int(default_value=0)
        target_volunteer_minutes = graphene.Int(default_value=0)
        organisation_id = graphene.ID()

    plan = graphene.Field(YearPlanType)

    @classmethod
    def perform(cls, info, project_id, organisation_id=None, **plan):
        plan = do_plan_project_year(
            actor=actor_of(info), project_id=project_id, organisation_id=organisation_id, **plan
        )
        return cls(plan=plan, errors=[])


class ScheduleProjectActivity(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        project_id = graphene.ID(required=True)
        title = graphene.String(required=True)
        host_community_id = graphene.ID(required=True, description="Whose time bank pays the hours.")
        starts_at = DateTime(required=True)
        ends_at = DateTime(required=True)
        volunteer_slots = graphene.Int(required=True)
        award_minutes = graphene.Int(default_value=0)
        description = graphene.String(default_value="")
        location = graphene.String(default_value="")
        organisation_id = graphene.ID()

    activity = graphene.Field(ProjectActivityType)

    @classmethod
    def perform(cls, info, project_id, organisation_id=None, **fields):
        activity = do_schedule_project_activity(
            actor=actor_of(info), project_id=project_id, organisation_id=organisation_id, **fields
        )
        return cls(activity=activity, errors=[])


class RecordProjectOutcome(FederationMutation):
    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        project_id = graphene.ID(required=True)
        people_served = graphene.Int(required=True)
        volunteer_minutes = graphene.Int(required=True)
        organisation_ids = graphene.List(graphene.NonNull(graphene.ID), default_value=[])
        activity_id = graphene.ID()
        note = graphene.String(default_value="")
        organisation_id = graphene.ID()

    project = graphene.Field(ProjectType)

    @classmethod
    def perform(cls, info, project_id, organisation_id=None, **fields):
        outcome = do_record_project_outcome(
            actor=actor_of(info), project_id=project_id, organisation_id=organisation_id, **fields
        )
        return cls(project=outcome.project, errors=[])


class CheckInToProjectActivity(FederationMutation):
    """Check in a resident signed up to the activity, named as in its `signups`; for one of the project's
    organisations (organisationId, or the token's own)."""

    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        activity_id = graphene.ID(required=True)
        community_id = graphene.ID(required=True, description="The resident's community.")
        member_id = graphene.ID(required=True, description="The resident's id in their community.")
        organisation_id = graphene.ID()

    signup = graphene.Field(ProjectActivitySignupType)

    @classmethod
    def perform(cls, info, activity_id, community_id, member_id, organisation_id=None):
        signup = do_check_in_to_project_activity(
            actor=actor_of(info),
            activity_id=activity_id,
            community_id=community_id,
            member_id=member_id,
            organisation_id=organisation_id,
        )
        return cls(signup=signup, errors=[])


class AwardProjectActivity(FederationMutation):
    """Credit every resident checked in, in their own community's time bank (through clearing accounts)."""

    permissions = (in_domain(FederationPermission.ACT_FOR_ORGANISATIONS),)

    class Arguments:
        activity_id = graphene.ID(required=True)
        organisation_id = graphene.ID()

    activity = graphene.Field(ProjectActivityType)
    residents_credited = graphene.Int()
    through_clearing = graphene.Int(description="Residents of other communities than the host.")
    minutes = graphene.Int(description="In total.")

    @classmethod
    def perform(cls, info, activity_id, organisation_id=None):
        awards = do_award_project_activity(
            actor=actor_of(info), activity_id=activity_id, organisation_id=organisation_id
        )
        return cls(
            activity=ProjectActivity.objects.get(id=activity_id),
            residents_credited=len(awards),
            through_clearing=sum(1 for award in awards if award.through_clearing),
            minutes=sum(award.minutes for award in awards),
            errors=[],
        )


class FederationMutations(graphene.ObjectType):
    register_organisation = RegisterOrganisation.Field()
    verify_organisation = VerifyOrganisation.Field()
    issue_organisation_token = IssueOrganisationToken.Field()
    revoke_organisation_token = RevokeOrganisationToken.Field()
    create_alliance = CreateAlliance.Field()
    invite_to_alliance = InviteToAlliance.Field()
    accept_alliance_invitation = AcceptAllianceInvitation.Field()
    leave_alliance = LeaveAlliance.Field()
    publish_resource = PublishResource.Field()
    publish_demand = PublishDemand.Field()
    withdraw_resource = WithdrawResource.Field()
    withdraw_demand = WithdrawDemand.Field()
    propose_project = ProposeProject.Field()
    accept_project = AcceptProject.Field()
    cancel_project = CancelProject.Field()
    complete_project = CompleteProject.Field()
    plan_project_year = PlanProjectYear.Field()
    schedule_project_activity = ScheduleProjectActivity.Field()
    record_project_outcome = RecordProjectOutcome.Field()
    check_in_to_project_activity = CheckInToProjectActivity.Field()
    award_project_activity = AwardProjectActivity.Field()
