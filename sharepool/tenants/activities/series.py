"""A series of activities made at once: the 4:30 classroom every school day for a term (issue 14).

Each occurrence is an ordinary Activity (sign-up, check-in, awards as any other), made by
`do_create_activity` so that one set of rules checks them, and linked to the series that made it.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sharepool.core.text import check_model_texts
from sharepool.gateways.communities import current_community
from sharepool.tenants.activities.errors import ActivityError, ActivityErrorCode
from sharepool.tenants.activities.models import ActivitySeries
from sharepool.tenants.activities.services import MAX_ACTIVITY_MINUTES, do_create_activity
from sharepool.tenants.audit.services import CommunityAuditAction as Action
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.ledger.actors import load_active_member, require_permission
from sharepool.tenants.members.permissions import CommunityPermission

# A school year of school days; more is a mistake in the dates, not a plan.
MAX_OCCURRENCES = 260
MAX_WEEKS = 52
SCHOOL_DAYS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class SeriesPlan:
    """When the occurrences fall: ISO weekdays, the local start time and length, the days covered.

    Exactly one of `until` (a last day) and `weeks` (counted from `first_day`) ends the series."""

    weekdays: tuple[int, ...]
    start_time: time
    duration_minutes: int
    first_day: date
    until: date | None = None
    weeks: int | None = None


def last_day_of(plan: SeriesPlan) -> date:
    if (plan.until is None) == (plan.weeks is None):
        raise ActivityError(
            ActivityErrorCode.SERIES_END_INVALID,
            _("End the series either on a date or after a number of weeks."),
            field="until",
        )
    if plan.weeks is not None:
        if isinstance(plan.weeks, bool) or not (1 <= plan.weeks <= MAX_WEEKS):
            raise ActivityError(
                ActivityErrorCode.SERIES_END_INVALID,
                _("A series runs 1 to %(max)d weeks.") % {"max": MAX_WEEKS},
                field="weeks",
            )
        return plan.first_day + timedelta(weeks=plan.weeks, days=-1)
    assert plan.until is not None
    if plan.until < plan.first_day or plan.until > plan.first_day + timedelta(weeks=MAX_WEEKS):
        raise ActivityError(
            ActivityErrorCode.SERIES_END_INVALID,
            _("The last day is on or after the first, within %(max)d weeks.") % {"max": MAX_WEEKS},
            field="until",
        )
    return plan.until


def occurrence_days(plan: SeriesPlan) -> list[date]:
    weekdays = set(plan.weekdays)
    if not weekdays or not weekdays <= set(range(1, 8)) or len(weekdays) != len(plan.weekdays):
        raise ActivityError(
            ActivityErrorCode.WEEKDAYS_INVALID, _("Choose the days of the week it meets."), field="weekdays"
        )
    try:
        last = last_day_of(plan)
    except OverflowError:
        raise ActivityError(
            ActivityErrorCode.SERIES_END_INVALID, _("These dates are out of range."), field="firstDay"
        ) from None
    days = [
        day
        for offset in range((last - plan.first_day).days + 1)
        if (day := plan.first_day + timedelta(days=offset)).isoweekday() in weekdays
    ]
    if not days:
        raise ActivityError(
            ActivityErrorCode.WEEKDAYS_INVALID, _("None of these days falls in the dates."), field="weekdays"
        )
    if len(days) > MAX_OCCURRENCES:
        raise ActivityError(
            ActivityErrorCode.SERIES_TOO_LONG,
            _("A series holds at most %(max)d activities.") % {"max": MAX_OCCURRENCES},
        )
    return days


def check_duration(minutes: int) -> None:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not (0 < minutes <= MAX_ACTIVITY_MINUTES):
        raise ActivityError(
            ActivityErrorCode.DURATION_INVALID,
            _("It lasts 1 to %(max)d minutes.") % {"max": MAX_ACTIVITY_MINUTES},
            field="durationMinutes",
        )


def occurrence_times(days: list[date], plan: SeriesPlan, zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """(starts, ends) of each day: the wall-clock time in the community's zone, so 16:30 stays 16:30."""
    try:
        times = []
        for day in days:
            starts = datetime.combine(day, plan.start_time.replace(tzinfo=None), tzinfo=zone)
            ends = starts + timedelta(minutes=plan.duration_minutes)
            # Stored in UTC: the first and last days of the calendar may not convert.
            times.append((starts.astimezone(UTC), ends.astimezone(UTC)))
    except OverflowError:
        raise ActivityError(
            ActivityErrorCode.SERIES_END_INVALID, _("These dates are out of range."), field="firstDay"
        ) from None
    return times


def community_zone() -> str:
    community = current_community()
    return community.timezone if community is not None else "Asia/Shanghai"


@transaction.atomic
def do_create_activity_series(
    *,
    actor_id: int,
    title: str,
    category_id: int,
    place: str,
    capacity: int,
    minutes_credited: int,
    plan: SeriesPlan,
    organiser_id: int | None = None,
) -> ActivitySeries:
    """Every occurrence of the plan, at its local time in the community's zone, all or none."""
    actor = load_active_member(actor_id, field="actor")
    require_permission(actor, CommunityPermission.ORGANISE_ACTIVITIES)
    # Named, the organiser must exist (an id that names nobody is refused, not read as "yourself").
    organiser = actor if organiser_id is None else load_active_member(organiser_id, field="organiserId")
    require_permission(organiser, CommunityPermission.ORGANISE_ACTIVITIES)
    check_duration(plan.duration_minutes)
    days = occurrence_days(plan)
    zone_name = community_zone()
    zone = ZoneInfo(zone_name)
    times = occurrence_times(days, plan, zone)
    # The series row is written first (its activities point to it): its title is checked as theirs is.
    check_model_texts(ActivitySeries, title=title.strip())
    series = ActivitySeries.objects.create(
        title=title.strip(),
        weekdays=",".join(str(day) for day in sorted(plan.weekdays)),
        starts_at_time=plan.start_time.replace(tzinfo=None),
        duration_minutes=plan.duration_minutes,
        first_day=days[0],
        last_day=days[-1],
        time_zone=zone_name,
        created_by=actor,
    )
    for starts_at, ends_at in times:
        do_create_activity(
            actor_id=actor.id,
            title=title,
            category_id=category_id,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            capacity=capacity,
            minutes_credited=minutes_credited,
            organiser_id=organiser.id,
            series=series,
        )
    record_audit(
        actor=actor,
        action=Action.ACTIVITY_SERIES_CREATED,
        subject=series,
        after={
            "title": series.title,
            "weekdays": series.weekdays,
            "time": plan.start_time.strftime("%H:%M"),
            "first_day": days[0].isoformat(),
            "last_day": days[-1].isoformat(),
            "activities": len(days),
        },
    )
    return series
