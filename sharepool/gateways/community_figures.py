"""The daily snapshot (tenants.stats) copies its figures to the public roll-up the street office reads
(platform.communities.CommunityDailyFigures), so that comparing communities never opens their schemas."""

from dataclasses import asdict, dataclass
from datetime import date

from sharepool.gateways.communities import current_community
from sharepool.platform.communities.models import CommunityDailyFigures


@dataclass(frozen=True)
class DailyFigures:
    day: date
    members: int
    active_members_30_days: int | None
    minutes_served: int
    minutes_served_this_month: int | None
    exchanges: int | None
    activities_held: int | None


def record_daily_figures(figures: DailyFigures) -> None:
    """For the current community, in the caller's transaction; the day's first figures are kept, like the
    snapshot they come from (a second run the same day changes nothing)."""
    community = current_community()
    if community is None:  # the public schema: no community to record for
        return
    values = asdict(figures)
    day = values.pop("day")
    CommunityDailyFigures.objects.get_or_create(community_id=community.id, day=day, defaults=values)
