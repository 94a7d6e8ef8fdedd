"""matchDemand: rank the resources a demand's organisation may see, and say why (issue 5).

One query fetches the candidates (visible, open, capacity left, same category or a shared tag); the
scores are computed in Python on those rows. Measured in benchmarks/match_demand.py.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sharepool.platform.federation.access import access_demand_to_manage
from sharepool.platform.federation.actors import FederationActor, organisation_actor
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import AllianceMembership, Demand, Resource
from sharepool.platform.federation.visibility import alliance_ids_of, visible

CATEGORY_POINTS = 40
TAG_POINTS = 10
MAX_TAG_POINTS = 30
TIME_POINTS = 20
CAPACITY_POINTS = 10
SAME_COMMUNITY_POINTS = 15
SAME_ALLIANCE_POINTS = 10
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class MatchReasonCode(StrEnum):
    CATEGORY = "category"
    TAGS = "tags"
    TIME_OVERLAP = "time_overlap"
    CAPACITY = "capacity"
    SAME_COMMUNITY = "same_community"
    SAME_ALLIANCE = "same_alliance"


@dataclass(frozen=True)
class MatchReason:
    code: MatchReasonCode
    points: int
    message: str


@dataclass(frozen=True)
class ResourceMatch:
    resource_id: int
    title: str
    organisation_id: int
    organisation_name: str
    community_id: int | None
    capacity_left: int
    score: int
    reasons: tuple[MatchReason, ...]


def window_days(windows: list[dict]) -> list[tuple[date, date]]:
    return [(date.fromisoformat(w["starts"]), date.fromisoformat(w["ends"])) for w in windows]


def overlap_fraction(needed: list[tuple[date, date]], offered: list[tuple[date, date]]) -> float:
    """Share of the demand's days on which the resource is available; no windows means any time."""
    if not needed or not offered:
        return 1.0
    needed_days = sum((end - start).days + 1 for start, end in needed)
    shared = 0
    for need_start, need_end in needed:
        for offer_start, offer_end in offered:
            start, end = max(need_start, offer_start), min(need_end, offer_end)
            if start <= end:
                shared += (end - start).days + 1
    return min(shared, needed_days) / needed_days


def score_resource(demand: Demand, needed, partners: set[int], row: dict) -> ResourceMatch | None:
    reasons: list[MatchReason] = []
    fraction = overlap_fraction(needed, window_days(row["windows"]))
    if fraction == 0:
        return None  # never available when needed: not a match at all
    if row["category"] == demand.category:
        reasons.append(MatchReason(MatchReasonCode.CATEGORY, CATEGORY_POINTS, str(_("Same category."))))
    shared_tags = [tag for tag in demand.tags if tag in row["tags"]]
    if shared_tags:
        reasons.append(
            MatchReason(
                MatchReasonCode.TAGS,
                min(MAX_TAG_POINTS, TAG_POINTS * len(shared_tags)),
                str(_("Shared tags: %(tags)s.") % {"tags": ", ".join(shared_tags)}),
            )
        )
    reasons.append(
        MatchReason(
            MatchReasonCode.TIME_OVERLAP,
            round(TIME_POINTS * fraction),
            str(_("Available on %(percent)d%% of the days needed.") % {"percent": round(100 * fraction)}),
        )
    )
    capacity_left = row["capacity"] - row["capacity_committed"]
    covered = min(capacity_left, demand.quantity)
    reasons.append(
        MatchReason(
            MatchReasonCode.CAPACITY,
            round(CAPACITY_POINTS * covered / demand.quantity),
            str(
                _("%(left)d left of %(needed)d needed.") % {"left": capacity_left, "needed": demand.quantity}
            ),
        )
    )
    if demand.community_id is not None and row["community_id"] == demand.community_id:
        reasons.append(
            MatchReason(
                MatchReasonCode.SAME_COMMUNITY, SAME_COMMUNITY_POINTS, str(_("From the same community."))
            )
        )
    elif row["organisation_id"] in partners:
        reasons.append(
            MatchReason(
                MatchReasonCode.SAME_ALLIANCE, SAME_ALLIANCE_POINTS, str(_("A partner in your alliance."))
            )
        )
    return ResourceMatch(
        resource_id=row["id"],
        title=row["title"],
        organisation_id=row["organisation_id"],
        organisation_name=row["organisation__name"],
        community_id=row["community_id"],
        capacity_left=capacity_left,
        score=sum(reason.points for reason in reasons),
        reasons=tuple(reasons),
    )


def match_demand(*, actor: FederationActor, demand_id, limit: int = DEFAULT_LIMIT) -> list[ResourceMatch]:
    """Ranked by score, then by resource id (a stable order); only for those who manage the demand."""
    demand = access_demand_to_manage(actor, demand_id, for_update=False)
    if demand.status != Demand.Status.OPEN:
        raise FederationError(FederationErrorCode.DEMAND_CLOSED, _("This demand is no longer open."))
    limit = max(1, min(limit, MAX_LIMIT))
    # What the demand's organisation sees, whoever asks on its behalf (a manager sees more).
    viewer = organisation_actor(demand.organisation)
    alliance_ids = alliance_ids_of(viewer)
    partners = set(
        AllianceMembership.objects.filter(
            alliance_id__in=alliance_ids, status=AllianceMembership.Status.ACTIVE
        ).values_list("organisation_id", flat=True)
    )
    relevant = Q(category=demand.category)
    if demand.tags:
        relevant |= Q(tags__overlap=demand.tags)
    candidates = (
        visible(Resource.objects.all(), viewer, alliance_ids=alliance_ids)
        .filter(relevant, status=Resource.Status.OPEN, capacity_committed__lt=F("capacity"))
        .values(
            "id",
            "title",
            "organisation_id",
            "organisation__name",
            "community_id",
            "category",
            "tags",
            "windows",
            "capacity",
            "capacity_committed",
        )
    )
    needed = window_days(demand.windows)
    matches = [m for row in candidates if (m := score_resource(demand, needed, partners, row)) is not None]
    matches.sort(key=lambda m: (-m.score, m.resource_id))
    return matches[:limit]
