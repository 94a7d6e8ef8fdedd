"""Federation queries of the platform endpoint: every list goes through the domain's visibility rule."""

import graphene

from sharepool.core.ids import parse_id
from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import SIGNED_IN, in_domain, requires
from sharepool.graphql.platform.federation.actors import federation_actor
from sharepool.graphql.platform.federation.types import (
    AllianceMonthlyReportType,
    AllianceType,
    DemandType,
    FederationStatsType,
    OrganisationType,
    ProjectType,
    ResourceMatchType,
    ResourceType,
)
from sharepool.platform.federation.access import visible_alliances
from sharepool.platform.federation.listings import demands_for, resources_for
from sharepool.platform.federation.matching import DEFAULT_LIMIT, match_demand
from sharepool.platform.federation.models import FederatedOrganisation
from sharepool.platform.federation.permissions import FederationPermission
from sharepool.platform.federation.projects import projects_for
from sharepool.platform.federation.reports import alliance_reports
from sharepool.platform.federation.stats import alliance_stats, street_office_stats

# The API's names of the sortable figures (SORTABLE_FIGURES), as the fields of CommunityFigures spell them.
ORDER_NAMES = {
    "communityName": "community_name",
    "members": "members",
    "activeMembers30Days": "active_members_30_days",
    "membersPerThousand": "members_per_thousand",
    "minutesServed": "minutes_served",
    "minutesServedThisMonth": "minutes_served_this_month",
    "activitiesHeld": "activities_held",
    "exchanges": "exchanges",
    "projects": "projects",
}


def domain_order(order_by: str | None) -> str | None:
    """`-activeMembers30Days` -> `-active_members_30_days`; an unknown name goes on as it is, for the domain
    to refuse with `order_invalid`."""
    if not order_by:
        return None
    sign, name = ("-", order_by[1:]) if order_by.startswith("-") else ("", order_by)
    return sign + ORDER_NAMES.get(name, name)


OrganisationPage = page_type(OrganisationType, "OrganisationPage")
AlliancePage = page_type(AllianceType, "AlliancePage")
ResourcePage = page_type(ResourceType, "ResourcePage")
DemandPage = page_type(DemandType, "DemandPage")
ProjectPage = page_type(ProjectType, "ProjectPage")


def listing_arguments() -> dict:
    return {
        "category": graphene.String(description="Only this category."),
        "include_closed": graphene.Boolean(
            default_value=False, description="Also withdrawn (own only) and met ones."
        ),
        **page_arguments(),
    }


class FederationQueries(graphene.ObjectType):
    organisations = graphene.Field(
        OrganisationPage,
        community_id=graphene.ID(description="Only organisations of this home community."),
        **page_arguments(),
    )
    alliances = graphene.Field(AlliancePage, **page_arguments())
    resources = graphene.Field(ResourcePage, **listing_arguments())
    demands = graphene.Field(DemandPage, **listing_arguments())
    match_demand = graphene.List(
        graphene.NonNull(ResourceMatchType),
        required=True,
        demand_id=graphene.ID(required=True),
        limit=graphene.Int(default_value=DEFAULT_LIMIT),
        description="Resources the demand's organisation may see, best first, each score explained.",
    )
    projects = graphene.Field(ProjectPage, status=graphene.String(), **page_arguments())
    alliance_stats = graphene.Field(FederationStatsType, alliance_id=graphene.ID(required=True))
    alliance_reports = graphene.List(
        graphene.NonNull(AllianceMonthlyReportType),
        alliance_id=graphene.ID(required=True),
        description="The alliance's monthly reports, newest first; for those who may see allianceStats.",
    )
    street_office_stats = graphene.Field(
        FederationStatsType,
        street_office_id=graphene.ID(description="Operators name one; staff get their own."),
        order_by=graphene.String(
            description="A figure's name (communityName, members, activeMembers30Days, membersPerThousand, "
            "minutesServed, minutesServedThisMonth, activitiesHeld, exchanges, projects), `-` first for "
            "the largest first."
        ),
    )

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_organisations(_root, info, limit, offset, community_id=None):
        federation_actor(info.context)
        organisations = FederatedOrganisation.objects.order_by("name", "id")
        if community_id is not None:
            # an id that cannot be a community matches nothing, like an unknown one
            organisations = organisations.filter(home_community_id=parse_id(community_id) or 0)
        return paginate(organisations, limit=limit, offset=offset)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_alliances(_root, info, limit, offset):
        alliances = visible_alliances(federation_actor(info.context)).order_by("name", "id")
        return paginate(alliances, limit=limit, offset=offset)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_resources(_root, info, limit, offset, include_closed, category=None):
        resources = resources_for(
            federation_actor(info.context), category=category, include_closed=include_closed
        )
        return paginate(resources, limit=limit, offset=offset)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_demands(_root, info, limit, offset, include_closed, category=None):
        demands = demands_for(
            federation_actor(info.context), category=category, include_closed=include_closed
        )
        return paginate(demands, limit=limit, offset=offset)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_match_demand(_root, info, demand_id, limit):
        return match_demand(actor=federation_actor(info.context), demand_id=demand_id, limit=limit)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_projects(_root, info, limit, offset, status=None):
        return paginate(
            projects_for(federation_actor(info.context), status=status), limit=limit, offset=offset
        )

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_alliance_stats(_root, info, alliance_id):
        return alliance_stats(actor=federation_actor(info.context), alliance_id=alliance_id)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_alliance_reports(_root, info, alliance_id):
        return alliance_reports(actor=federation_actor(info.context), alliance_id=alliance_id)

    @staticmethod
    @requires(in_domain(FederationPermission.VIEW_STREET_OFFICE_STATS))
    def resolve_street_office_stats(_root, info, street_office_id=None, order_by=None):
        return street_office_stats(
            actor=federation_actor(info.context),
            street_office_id=street_office_id,
            order_by=domain_order(order_by),
        )
