"""allianceStats and streetOfficeStats: figures per community, side by side (issue 5).

Each figure is one grouped query (GROUP BY community), so the cost does not grow with the number of
communities shown.
"""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from sharepool.core.ids import parse_id
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.access import access_alliance
from sharepool.platform.federation.actors import ActorKind, FederationActor
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import (
    AllianceMembership,
    Demand,
    FederatedOrganisation,
    Project,
    ProjectOutcome,
    Resource,
)
from sharepool.platform.federation.permissions import FederationPermission, federation_allows


@dataclass
class CommunityFigures:
    community_id: int | None  # None: district-level organisations with no home community
    community_name: str
    organisations: int = 0
    resources: int = 0
    demands: int = 0
    demands_met: int = 0
    projects: int = 0
    volunteer_minutes: int = 0

    @property
    def volunteer_hours(self) -> float:
        return round(self.volunteer_minutes / 60, 2)


@dataclass
class FederationStats:
    name: str
    communities: list[CommunityFigures] = field(default_factory=list)

    @property
    def total(self) -> CommunityFigures:
        total = CommunityFigures(community_id=None, community_name=str(_("total")))
        for row in self.communities:
            for name in (
                "organisations",
                "resources",
                "demands",
                "demands_met",
                "projects",
                "volunteer_minutes",
            ):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total


def counted_by_community(queryset: QuerySet, key: str = "community_id") -> dict[int | None, int]:
    return {
        row[key]: row["n"] for row in queryset.order_by().values(key).annotate(n=Count("id", distinct=True))
    }


def fill(stats: dict[int | None, CommunityFigures], figure: str, counts: dict[int | None, int]) -> None:
    for community_id, value in counts.items():
        if community_id in stats:
            setattr(stats[community_id], figure, value or 0)


def minutes_by_community(projects: QuerySet) -> dict[int | None, int]:
    rows = (
        ProjectOutcome.objects.filter(project__in=projects)
        .order_by()
        .values("project__community_id")
        .annotate(n=Sum("volunteer_minutes"))
    )
    return {row["project__community_id"]: row["n"] for row in rows}


def figures_for(
    communities: list[Community],
    *,
    organisations: QuerySet,
    resources: QuerySet,
    demands: QuerySet,
    projects: QuerySet,
    include_district_level: bool,
) -> list[CommunityFigures]:
    stats: dict[int | None, CommunityFigures] = {
        community.id: CommunityFigures(community_id=community.id, community_name=community.name)
        for community in communities
    }
    if include_district_level:
        stats[None] = CommunityFigures(community_id=None, community_name=str(_("district-level")))
    fill(stats, "organisations", counted_by_community(organisations, "home_community_id"))
    fill(stats, "resources", counted_by_community(resources))
    fill(stats, "demands", counted_by_community(demands))
    fill(stats, "demands_met", counted_by_community(demands.filter(status=Demand.Status.MET)))
    fill(stats, "projects", counted_by_community(projects))
    fill(stats, "volunteer_minutes", minutes_by_community(projects))
    rows = [stats[community.id] for community in communities]
    if include_district_level and stats[None].organisations:
        rows.append(stats[None])
    return rows


def alliance_stats(*, actor: FederationActor, alliance_id) -> FederationStats:
    alliance = access_alliance(actor, alliance_id)
    members = FederatedOrganisation.objects.filter(
        alliance_memberships__alliance=alliance, alliance_memberships__status=AllianceMembership.Status.ACTIVE
    )
    community_ids = set(members.exclude(home_community=None).values_list("home_community_id", flat=True))
    if alliance.convener_community_id:
        community_ids.add(alliance.convener_community_id)
    communities = list(Community.objects.filter(id__in=community_ids).order_by("name", "id"))
    projects = Project.objects.filter(alliances=alliance).exclude(status=Project.Status.CANCELLED)
    return FederationStats(
        name=alliance.name,
        communities=figures_for(
            communities,
            organisations=members,
            resources=Resource.objects.filter(alliances=alliance, status=Resource.Status.OPEN),
            demands=Demand.objects.filter(alliances=alliance).exclude(status=Demand.Status.WITHDRAWN),
            projects=projects,
            include_district_level=True,
        ),
    )


def street_office_stats(*, actor: FederationActor, street_office_id=None) -> FederationStats:
    """A street office's communities side by side: for its staff and operators only."""
    if actor.kind == ActorKind.STREET_OFFICE and street_office_id is None:
        street_office_id = actor.street_office_id
    street_office_id = parse_id(street_office_id)
    allowed = federation_allows(actor, FederationPermission.VIEW_STREET_OFFICE_STATS) and (
        actor.kind == ActorKind.OPERATOR or actor.street_office_id == street_office_id
    )
    communities = list(
        Community.objects.filter(street_office_id=street_office_id)
        .select_related("street_office")
        .order_by("name")
    )
    if not allowed or not communities:
        raise FederationError(
            FederationErrorCode.STREET_OFFICE_NOT_FOUND, _("No such street office."), field="streetOfficeId"
        )
    in_office = {"community__street_office_id": street_office_id}
    return FederationStats(
        name=communities[0].street_office.name,
        communities=figures_for(
            communities,
            organisations=FederatedOrganisation.objects.filter(street_office_id=street_office_id),
            resources=Resource.objects.filter(status=Resource.Status.OPEN, **in_office),
            demands=Demand.objects.filter(**in_office).exclude(status=Demand.Status.WITHDRAWN),
            projects=Project.objects.filter(**in_office).exclude(status=Project.Status.CANCELLED),
            include_district_level=True,
        ),
    )
