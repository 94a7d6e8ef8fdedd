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
from sharepool.platform.federation.visibility import visible

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


@dataclass(frozen=True)
class Scored:
    """A candidate's score; the reasons' sentences are written only for the page returned."""

    row: dict
    score: int
    reasons: tuple[tuple[MatchReasonCode, int, dict], ...]


def reason_message(code: MatchReasonCode, params: dict) -> str:
    if code == MatchReasonCode.CATEGORY:
        return str(_("Same category."))
    if code == MatchReasonCode.TAGS:
        return str(_("Shared tags: %(tags)s.") % {"tags": ", ".join(params["tags"])})
    if code == MatchReasonCode.TIME_OVERLAP:
        return str(_("Available on %(percent)d%% of the days needed.") % params)
    if code == MatchReasonCode.CAPACITY:
        return str(_("%(left)d left of %(needed)d needed.") % params)
    if code == MatchReasonCode.SAME_COMMUNITY:
        return str(_("From the same community."))
    return str(_("A partner in your alliance."))


def score_resource(demand: Demand, needed, partners: set[int], row: dict) -> Scored | None:
    fraction = overlap_fraction(needed, window_days(row["windows"]))
    if fraction == 0:
        return None  # never available when needed: not a match at all
    reasons: list[tuple[MatchReasonCode, int, dict]] = []
    if row["category"] == demand.category:
        reasons.append((MatchReasonCode.CATEGORY, CATEGORY_POINTS, {}))
    shared_tags = [tag for tag in demand.tags if tag in row["tags"]]
    if shared_tags:
        points = min(MAX_TAG_POINTS, TAG_POINTS * len(shared_tags))
        reasons.append((MatchReasonCode.TAGS, points, {"tags": shared_tags}))
    reasons.append(
        (MatchReasonCode.TIME_OVERLAP, round(TIME_POINTS * fraction), {"percent": round(100 * fraction)})
    )
    capacity_left = row["capacity"] - row["capacity_committed"]
    covered = min(capacity_left, demand.quantity)
    reasons.append(
        (
            MatchReasonCode.CAPACITY,
            round(CAPACITY_POINTS * covered / demand.quantity),
            {"left": capacity_left, "needed": demand.quantity},
        )
    )
    if demand.community_id is not None and row["community_id"] == demand.community_id:
        reasons.append((MatchReasonCode.SAME_COMMUNITY, SAME_COMMUNITY_POINTS, {}))
    elif row["organisation_id"] in partners:
        reasons.append((MatchReasonCode.SAME_ALLIANCE, SAME_ALLIANCE_POINTS, {}))
    return Scored(row=row, score=sum(points for _code, points, _params in reasons), reasons=tuple(reasons))


def explained(scored: Scored) -> ResourceMatch:
    row = scored.row
    return ResourceMatch(
        resource_id=row["id"],
        title=row["title"],
        organisation_id=row["organisation_id"],
        organisation_name=row["organisation__name"],
        community_id=row["community_id"],
        capacity_left=row["capacity"] - row["capacity_committed"],
        score=scored.score,
        reasons=tuple(
            MatchReason(code, points, reason_message(code, params)) for code, points, params in scored.reasons
        ),
    )


def match_demand(*, actor: FederationActor, demand_id, limit: int = DEFAULT_LIMIT) -> list[ResourceMatch]:
    """Ranked by score, then by resource id (a stable order); only for those who manage the demand."""
    demand = access_demand_to_manage(actor, demand_id, for_update=False)
    if demand.status != Demand.Status.OPEN:
        raise FederationError(FederationErrorCode.DEMAND_CLOSED, _("This demand is no longer open."))
    limit = max(1, min(limit, MAX_LIMIT))
    # What the demand's organisation sees, whoever asks on its behalf (a manager sees more).
    viewer = organisation_actor(demand.organisation)
    # One query for both the organisation's alliances and its partners in them.
    mine = AllianceMembership.objects.filter(
        organisation_id=viewer.organisation_id, status=AllianceMembership.Status.ACTIVE
    )
    rows = AllianceMembership.objects.filter(
        alliance_id__in=mine.values("alliance_id"), status=AllianceMembership.Status.ACTIVE
    ).values_list("alliance_id", "organisation_id")
    viewer_alliances: set[int] = set()
    partners: set[int] = set()
    for alliance_id, organisation_id in rows:
        partners.add(organisation_id)
        if organisation_id == viewer.organisation_id:
            viewer_alliances.add(alliance_id)
    alliance_ids = sorted(viewer_alliances)
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
    scored = [s for row in candidates if (s := score_resource(demand, needed, partners, row)) is not None]
    scored.sort(key=lambda s: (-s.score, s.row["id"]))
    return [explained(s) for s in scored[:limit]]
