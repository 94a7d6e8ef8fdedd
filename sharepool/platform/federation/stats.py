"""allianceStats and streetOfficeStats: figures per community, side by side (issues 5 and 14).

Each figure is one grouped query (GROUP BY community), so the cost does not grow with the number of
communities shown. The communities' own figures (members, hours served, exchanges...) come from the
public roll-up their daily snapshots write (CommunityDailyFigures): one query for all of them, the newest
row of each, and no community schema opened.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from sharepool.core.ids import parse_id
from sharepool.platform.communities.models import Community, CommunityDailyFigures
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
    # From the community's newest daily snapshot; None before its first (issue 14).
    population: int | None = None
    members: int | None = None
    active_members_30_days: int | None = None
    minutes_served: int | None = None
    minutes_served_this_month: int | None = None
    activities_held: int | None = None
    exchanges: int | None = None

    @property
    def volunteer_hours(self) -> float:
        return round(self.volunteer_minutes / 60, 2)

    @property
    def members_per_thousand(self) -> Decimal | None:
        """Members per 1,000 residents, two decimals: comparable between communities of any size."""
        if self.members is None or not self.population:
            return None
        return (Decimal(self.members) * 1000 / self.population).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def hours_served(self) -> int | None:
        return None if self.minutes_served is None else self.minutes_served // 60

    @property
    def hours_served_this_month(self) -> int | None:
        return None if self.minutes_served_this_month is None else self.minutes_served_this_month // 60


COUNTED_FIGURES = ("organisations", "resources", "demands", "demands_met", "projects", "volunteer_minutes")
SNAPSHOT_FIGURES = (
    "members",
    "active_members_30_days",
    "minutes_served",
    "minutes_served_this_month",
    "activities_held",
    "exchanges",
)
# What the street office's table may be sorted by (issue 14): every column, server-side.
SORTABLE_FIGURES = (
    "community_name",
    *SNAPSHOT_FIGURES,
    "members_per_thousand",
    "projects",
)


@dataclass
class FederationStats:
    name: str
    communities: list[CommunityFigures] = field(default_factory=list)
    street_office_id: int | None = None

    @property
    def total(self) -> CommunityFigures:
        total = CommunityFigures(community_id=None, community_name=str(_("total")))
        for row in self.communities:
            for name in COUNTED_FIGURES:
                setattr(total, name, getattr(total, name) + getattr(row, name))
            for name in (*SNAPSHOT_FIGURES, "population"):
                value = getattr(row, name)
                if value is not None:
                    setattr(total, name, (getattr(total, name) or 0) + value)
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


def newest_daily_figures(community_ids: list[int]) -> dict[int, CommunityDailyFigures]:
    """The newest roll-up row of each community, in one query (PostgreSQL's DISTINCT ON)."""
    rows = (
        CommunityDailyFigures.objects.filter(community_id__in=community_ids)
        .order_by("community_id", "-day")
        .distinct("community_id")
    )
    return {row.community_id: row for row in rows}


def fill_from_snapshots(stats: dict[int | None, CommunityFigures], communities: list[Community]) -> None:
    newest = newest_daily_figures([community.id for community in communities])
    for community in communities:
        row = stats[community.id]
        row.population = community.population
        figures = newest.get(community.id)
        if figures is not None:
            for name in SNAPSHOT_FIGURES:
                setattr(row, name, getattr(figures, name))


def sorted_figures(rows: list[CommunityFigures], order_by: str | None) -> list[CommunityFigures]:
    """By a column of SORTABLE_FIGURES, `-` first for the largest first; a row without the figure last
    either way, then by name, so that the order is stable. The district-level row stays last."""
    if not order_by:
        return rows
    descending = order_by.startswith("-")
    key = order_by.lstrip("-")
    if key not in SORTABLE_FIGURES:
        raise FederationError(
            FederationErrorCode.ORDER_INVALID,
            _("The figures cannot be sorted by this."),
            field="orderBy",
        )
    district_level = [row for row in rows if row.community_id is None]
    by_name = sorted((row for row in rows if row.community_id is not None), key=lambda r: r.community_name)
    known = [row for row in by_name if getattr(row, key) is not None]
    unknown = [row for row in by_name if getattr(row, key) is None]
    return sorted(known, key=lambda row: getattr(row, key), reverse=descending) + unknown + district_level


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
    fill_from_snapshots(stats, communities)
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


def street_office_stats(
    *, actor: FederationActor, street_office_id=None, order_by: str | None = None
) -> FederationStats:
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
    rows = figures_for(
        communities,
        organisations=FederatedOrganisation.objects.filter(street_office_id=street_office_id),
        resources=Resource.objects.filter(status=Resource.Status.OPEN, **in_office),
        demands=Demand.objects.filter(**in_office).exclude(status=Demand.Status.WITHDRAWN),
        projects=Project.objects.filter(**in_office).exclude(status=Project.Status.CANCELLED),
        include_district_level=True,
    )
    return FederationStats(
        name=communities[0].street_office.name,
        communities=sorted_figures(rows, order_by),
        street_office_id=street_office_id,
    )


@dataclass(frozen=True)
class OfficeDay:
    """A street office's communities added up on one day, for its charts."""

    day: date
    members: int
    active_members_30_days: int
    minutes_served: int
    exchanges: int


def daily_history(*, community_ids: list[int], since: date) -> list[OfficeDay]:
    """The communities' daily figures since a day, added up per day, oldest first (one query). A figure a
    snapshot did not hold counts 0."""
    rows = (
        CommunityDailyFigures.objects.filter(community_id__in=community_ids, day__gte=since)
        .order_by("day")
        .values("day")
        .annotate(
            members_sum=Sum("members"),
            active_sum=Sum("active_members_30_days"),
            minutes_sum=Sum("minutes_served"),
            exchanges_sum=Sum("exchanges"),
        )
    )
    return [
        OfficeDay(
            day=row["day"],
            members=row["members_sum"] or 0,
            active_members_30_days=row["active_sum"] or 0,
            minutes_served=row["minutes_sum"] or 0,
            exchanges=row["exchanges_sum"] or 0,
        )
        for row in rows
    ]
