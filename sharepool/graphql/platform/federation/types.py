"""What the federation looks like through the API (both endpoints read these types)."""

import graphene

from sharepool.graphql.core.loaders import then
from sharepool.graphql.core.scalars import DateTime
from sharepool.graphql.platform.communities.loaders import StreetOfficeByIdLoader
from sharepool.graphql.platform.communities.types import StreetOfficeType
from sharepool.graphql.platform.federation.actors import federation_actor
from sharepool.graphql.platform.federation.loaders import (
    AllianceMembershipsByAllianceIdLoader,
    CommunityByIdLoader,
    ContactsByOrganisationIdLoader,
    ManagedSignupsByActivityIdLoader,
    OrganisationByIdLoader,
    ProjectActivitiesByProjectIdLoader,
    ProjectOutcomesByProjectIdLoader,
    ProjectParticipantsByProjectIdLoader,
    ProjectResourcesByProjectIdLoader,
    ProjectYearPlansByProjectIdLoader,
    VisibleDemandByIdLoader,
    VisibleResourceByIdLoader,
)
from sharepool.platform.federation.access import can_manage_organisation
from sharepool.platform.federation.models import (
    AllianceMembership,
    Category,
    Demand,
    FederatedOrganisation,
    Project,
    ProjectActivity,
    ProjectOrganisation,
    Resource,
    Visibility,
)
from sharepool.platform.federation.reports import figures_from_json

OrganisationKind = graphene.Enum.from_enum(FederatedOrganisation.Kind, name="OrganisationKind")
AllianceRole = graphene.Enum.from_enum(AllianceMembership.Role, name="AllianceRole")
VisibilityLevel = graphene.Enum.from_enum(
    Visibility,
    name="Visibility",
    description="COMMUNITY: its home community; ALLIANCE: the chosen alliances; PLATFORM: everyone signed in.",
)
ListingCategory = graphene.Enum.from_enum(Category, name="ListingCategory")
ResourceStatus = graphene.Enum.from_enum(Resource.Status, name="ResourceStatus")
DemandStatus = graphene.Enum.from_enum(Demand.Status, name="DemandStatus")
ProjectStatus = graphene.Enum.from_enum(Project.Status, name="ProjectStatus")
ProjectRole = graphene.Enum.from_enum(ProjectOrganisation.Role, name="ProjectRole")
ActivityStatus = graphene.Enum.from_enum(ProjectActivity.Status, name="ProjectActivityStatus")


class CommunityRefType(graphene.ObjectType):
    """A community as the federation names it (its own API is on its host)."""

    class Meta:
        name = "FederatedCommunity"

    id = graphene.ID(required=True)
    slug = graphene.String(required=True)
    name = graphene.String(required=True)


def community_of(info, community_id):
    if community_id is None:
        return None
    return info.context.loader(CommunityByIdLoader).load(community_id)


class ContactType(graphene.ObjectType):
    class Meta:
        name = "OrganisationContact"

    name = graphene.String(required=True)
    role = graphene.String(required=True)
    phone = graphene.String(required=True)
    email = graphene.String(required=True)


class OrganisationType(graphene.ObjectType):
    class Meta:
        name = "Organisation"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    kind = OrganisationKind(required=True)
    description = graphene.String(required=True)
    verified = graphene.Boolean(required=True)
    home_community = graphene.Field(CommunityRefType, description="Null for district-level units.")
    street_office = graphene.Field(StreetOfficeType, required=True)
    contacts = graphene.List(
        graphene.NonNull(ContactType),
        required=True,
        description="Personal data: only for those who manage the organisation; empty for others.",
    )

    @staticmethod
    def resolve_home_community(organisation, info):
        return community_of(info, organisation.home_community_id)

    @staticmethod
    def resolve_street_office(organisation, info):
        return info.context.loader(StreetOfficeByIdLoader).load(organisation.street_office_id)

    @staticmethod
    def resolve_contacts(organisation, info):
        if not can_manage_organisation(federation_actor(info.context), organisation):
            return []
        return info.context.loader(ContactsByOrganisationIdLoader).load(organisation.id)


def organisation_of(info, organisation_id):
    return info.context.loader(OrganisationByIdLoader).load(organisation_id)


class AllianceMemberType(graphene.ObjectType):
    class Meta:
        name = "AllianceMember"

    organisation = graphene.Field(OrganisationType, required=True)
    role = AllianceRole(required=True)
    joined_at = DateTime(required=True)

    @staticmethod
    def resolve_organisation(membership, info):
        return organisation_of(info, membership.organisation_id)


class AllianceType(graphene.ObjectType):
    class Meta:
        name = "Alliance"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    description = graphene.String(required=True)
    convener_community = graphene.Field(CommunityRefType)
    convener_street_office = graphene.Field(StreetOfficeType)
    members = graphene.List(graphene.NonNull(AllianceMemberType), required=True)

    @staticmethod
    def resolve_convener_community(alliance, info):
        return community_of(info, alliance.convener_community_id)

    @staticmethod
    def resolve_convener_street_office(alliance, info):
        if alliance.convener_street_office_id is None:
            return None
        return info.context.loader(StreetOfficeByIdLoader).load(alliance.convener_street_office_id)

    @staticmethod
    def resolve_members(alliance, info):
        return info.context.loader(AllianceMembershipsByAllianceIdLoader).load(alliance.id)


class InvitationType(graphene.ObjectType):
    class Meta:
        name = "AllianceInvitation"

    id = graphene.ID(required=True)
    alliance_id = graphene.ID(required=True)
    organisation = graphene.Field(OrganisationType, required=True)
    status = graphene.String(required=True)

    @staticmethod
    def resolve_organisation(invitation, info):
        return organisation_of(info, invitation.organisation_id)


class WindowType(graphene.ObjectType):
    class Meta:
        name = "AvailabilityWindow"

    starts = graphene.Date(required=True)
    ends = graphene.Date(required=True)


def windows_of(listing):
    from sharepool.platform.federation.listings import Window

    return [Window.from_json(window) for window in listing.windows]


class ListingFields:
    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    category = ListingCategory(required=True)
    tags = graphene.List(graphene.NonNull(graphene.String), required=True)
    description = graphene.String(required=True)
    windows = graphene.List(graphene.NonNull(WindowType), required=True, description="Empty: any time.")
    visibility = VisibilityLevel(required=True)
    organisation = graphene.Field(OrganisationType, required=True)
    community = graphene.Field(CommunityRefType, description="The owner's home community.")
    created = DateTime(required=True)

    @staticmethod
    def resolve_windows(listing, _info):
        return windows_of(listing)

    @staticmethod
    def resolve_organisation(listing, info):
        return organisation_of(info, listing.organisation_id)

    @staticmethod
    def resolve_community(listing, info):
        return community_of(info, listing.community_id)


class ResourceType(ListingFields, graphene.ObjectType):
    class Meta:
        name = "Resource"

    status = ResourceStatus(required=True)
    capacity = graphene.Int(required=True)
    capacity_left = graphene.Int(required=True)

    @staticmethod
    def resolve_capacity_left(resource, _info):
        return resource.capacity - resource.capacity_committed


class DemandType(ListingFields, graphene.ObjectType):
    class Meta:
        name = "Demand"

    status = DemandStatus(required=True)
    quantity = graphene.Int(required=True)


class MatchReasonType(graphene.ObjectType):
    class Meta:
        name = "MatchReason"

    code = graphene.String(
        required=True, description="category, tags, time_overlap, capacity, same_community, same_alliance"
    )
    points = graphene.Int(required=True)
    message = graphene.String(required=True)


class ResourceMatchType(graphene.ObjectType):
    class Meta:
        name = "ResourceMatch"

    resource_id = graphene.ID(required=True)
    title = graphene.String(required=True)
    organisation_id = graphene.ID(required=True)
    organisation_name = graphene.String(required=True)
    capacity_left = graphene.Int(required=True)
    score = graphene.Int(required=True)
    reasons = graphene.List(graphene.NonNull(MatchReasonType), required=True)


class ParticipantType(graphene.ObjectType):
    class Meta:
        name = "ProjectParticipant"

    organisation = graphene.Field(OrganisationType, required=True)
    role = ProjectRole(required=True)
    accepted = graphene.Boolean(required=True)

    @staticmethod
    def resolve_organisation(participant, info):
        return organisation_of(info, participant.organisation_id)

    @staticmethod
    def resolve_accepted(participant, _info):
        return participant.accepted_at is not None


class ProjectResourceType(graphene.ObjectType):
    class Meta:
        name = "ProjectResource"

    resource = graphene.Field(ResourceType, description="Null when the reader may not see the resource.")
    quantity = graphene.Int(required=True)

    @staticmethod
    def resolve_resource(link, info):
        return info.context.loader(VisibleResourceByIdLoader).load(link.resource_id)


class YearPlanType(graphene.ObjectType):
    class Meta:
        name = "ProjectYearPlan"

    year = graphene.Int(required=True)
    goals = graphene.String(required=True)
    planned_activities = graphene.Int(required=True)
    target_people_served = graphene.Int(required=True)
    target_volunteer_minutes = graphene.Int(required=True)


class ProjectActivitySignupType(graphene.ObjectType):
    """A resident's place in a project activity, named by their community and their id there."""

    class Meta:
        name = "ProjectActivitySignup"

    id = graphene.ID(required=True)
    activity_id = graphene.ID(required=True)
    community = graphene.Field(CommunityRefType, required=True)
    member_id = graphene.ID(required=True, description="The resident's id in their own community.")
    display_name = graphene.String(required=True)
    signed_up_at = DateTime(required=True)
    checked_in_at = DateTime(description="Null until checked in.")

    @staticmethod
    def resolve_community(signup, info):
        return community_of(info, signup.community_id)

    @staticmethod
    def resolve_signed_up_at(signup, _info):
        return signup.created


class ProjectActivityType(graphene.ObjectType):
    class Meta:
        name = "ProjectActivity"

    id = graphene.ID(required=True)
    project_id = graphene.ID(required=True)
    title = graphene.String(required=True)
    description = graphene.String(required=True)
    location = graphene.String(required=True)
    host_community = graphene.Field(CommunityRefType, required=True)
    starts_at = DateTime(required=True)
    ends_at = DateTime(required=True)
    volunteer_slots = graphene.Int(required=True)
    award_minutes = graphene.Int(required=True)
    status = ActivityStatus(required=True)
    check_in_code = graphene.String(
        description="To show on the day, for residents to check themselves in. Only for those who may "
        "manage the activity; null for others."
    )
    signups = graphene.List(
        graphene.NonNull(ProjectActivitySignupType),
        description="Only for those who may manage the activity; null for others. Only residents "
        "checked in are credited.",
    )

    @staticmethod
    def resolve_host_community(activity, info):
        return community_of(info, activity.host_community_id)

    @staticmethod
    def resolve_check_in_code(activity, info):
        signups = info.context.loader(ManagedSignupsByActivityIdLoader).load(activity.id)
        return then(signups, lambda managed: None if managed is None else activity.check_in_code)

    @staticmethod
    def resolve_signups(activity, info):
        return info.context.loader(ManagedSignupsByActivityIdLoader).load(activity.id)


class OutcomeTotalsType(graphene.ObjectType):
    class Meta:
        name = "ProjectOutcomes"

    people_served = graphene.Int(required=True)
    volunteer_minutes = graphene.Int(required=True)
    organisations_involved = graphene.Int(required=True)
    reports = graphene.Int(required=True)


def outcome_totals(outcomes) -> OutcomeTotalsType:
    organisations = {organisation.id for outcome in outcomes for organisation in outcome.organisations.all()}
    return OutcomeTotalsType(
        people_served=sum(o.people_served for o in outcomes),
        volunteer_minutes=sum(o.volunteer_minutes for o in outcomes),
        organisations_involved=len(organisations),
        reports=len(outcomes),
    )


class ProjectType(graphene.ObjectType):
    class Meta:
        name = "Project"

    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    description = graphene.String(required=True)
    status = ProjectStatus(required=True)
    visibility = VisibilityLevel(required=True)
    lead = graphene.Field(OrganisationType, required=True)
    demand = graphene.Field(DemandType, description="Null when the reader may not see the demand.")
    participants = graphene.List(graphene.NonNull(ParticipantType), required=True)
    resources = graphene.List(graphene.NonNull(ProjectResourceType), required=True)
    year_plans = graphene.List(graphene.NonNull(YearPlanType), required=True)
    activities = graphene.List(graphene.NonNull(ProjectActivityType), required=True)
    outcomes = graphene.Field(OutcomeTotalsType, required=True)

    @staticmethod
    def resolve_lead(project, info):
        return organisation_of(info, project.organisation_id)

    @staticmethod
    def resolve_demand(project, info):
        return info.context.loader(VisibleDemandByIdLoader).load(project.demand_id)

    @staticmethod
    def resolve_participants(project, info):
        return info.context.loader(ProjectParticipantsByProjectIdLoader).load(project.id)

    @staticmethod
    def resolve_resources(project, info):
        return info.context.loader(ProjectResourcesByProjectIdLoader).load(project.id)

    @staticmethod
    def resolve_year_plans(project, info):
        return info.context.loader(ProjectYearPlansByProjectIdLoader).load(project.id)

    @staticmethod
    def resolve_activities(project, info):
        return info.context.loader(ProjectActivitiesByProjectIdLoader).load(project.id)

    @staticmethod
    def resolve_outcomes(project, info):
        return then(info.context.loader(ProjectOutcomesByProjectIdLoader).load(project.id), outcome_totals)


class CommunityFiguresType(graphene.ObjectType):
    class Meta:
        name = "CommunityFigures"

    community_id = graphene.ID(description="Null for district-level organisations and for the total.")
    community_name = graphene.String(required=True)
    organisations = graphene.Int(required=True)
    resources = graphene.Int(required=True)
    demands = graphene.Int(required=True)
    demands_met = graphene.Int(required=True)
    projects = graphene.Int(required=True)
    volunteer_minutes = graphene.Int(required=True)
    volunteer_hours = graphene.Float(required=True)
    # From the community's newest daily snapshot (issue 14); null before its first snapshot.
    population = graphene.Int(description="Residents, as the community was onboarded with.")
    members = graphene.Int()
    active_members_30_days = graphene.Int(
        name="activeMembers30Days", description="Members who took part in the 30 days before the snapshot."
    )
    members_per_thousand = graphene.Float(description="Members per 1,000 residents, two decimals.")
    minutes_served = graphene.Int(description="Hours served in total, in minutes.")
    minutes_served_this_month = graphene.Int(description="Since the first of the snapshot's month.")
    activities_held = graphene.Int()
    exchanges = graphene.Int(description="Confirmed exchanges, reversals left out.")


class FederationStatsType(graphene.ObjectType):
    class Meta:
        name = "FederationStats"

    name = graphene.String(required=True)
    communities = graphene.List(graphene.NonNull(CommunityFiguresType), required=True)
    total = graphene.Field(CommunityFiguresType, required=True)


class AllianceMonthlyReportType(graphene.ObjectType):
    class Meta:
        name = "AllianceMonthlyReport"

    id = graphene.ID(required=True)
    month = graphene.Date(required=True, description="The first day of the month reported.")
    figures = graphene.Field(FederationStatsType, required=True)
    created = DateTime(required=True)

    @staticmethod
    def resolve_figures(report, _info):
        return figures_from_json(report.figures)
