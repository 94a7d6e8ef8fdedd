"""Honours and the community's statistics (issue 4), with their daily snapshots (issue 6).

Above the time bank and activities, whose rows it reads; milestones (the recognition app) sit below
them, since confirming and awarding grant them (issue 11). Served minutes are the service record
(LEDGER.md keeps it apart from balances): confirmed exchanges for their provider and activity awards for
their attendee, leaving out any whose transfer was reversed. The statistics read the same rows, so they
agree with the ledger to the minute.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from sharepool.gateways.communities import current_community
from sharepool.gateways.community_figures import DailyFigures, record_daily_figures
from sharepool.tenants.activities.models import Activity, ActivityAward, SignUp
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.members.models import Member
from sharepool.tenants.stats.models import StatsSnapshot
from sharepool.tenants.timebank.models import Exchange

ACTIVE_WINDOW = timedelta(days=90)
# The street office compares communities by who took part in the last month (issue 14).
RECENTLY_ACTIVE_WINDOW = timedelta(days=30)
HONOURS_PERIOD = timedelta(days=30)


def served_exchanges():
    return Exchange.objects.filter(state=Exchange.State.CONFIRMED, transfer__reversal__isnull=True)


def served_awards():
    return ActivityAward.objects.filter(transfer__reversal__isnull=True)


def served_in_projects():
    """Hours members were credited for joint projects (issue 10): paid by the hosting community through
    the clearing accounts, or, for a project activity this community hosts, from its pool with no
    activity of its own behind it. Their home community counts them as served."""
    return Transfer.objects.filter(credit__kind=Account.Kind.MEMBER, reversal__isnull=True).filter(
        Q(kind=Transfer.Kind.FEDERATION) | Q(kind=Transfer.Kind.ACTIVITY_AWARD, activity_award__isnull=True)
    )


@dataclass(frozen=True)
class Honour:
    rank: int
    member_id: int
    display_name: str
    minutes: int


def default_honours_start(end: datetime) -> datetime:
    """The 30 days before `end`, or from the earliest date there is when `end` is within 30 days of it."""
    earliest = datetime.min.replace(tzinfo=UTC)
    return end - HONOURS_PERIOD if end - earliest > HONOURS_PERIOD else earliest


def honours(*, start: datetime, end: datetime, limit: int = 10) -> list[Honour]:
    """The members who served most in [start, end): exchanges confirmed and awards given in the period."""
    totals: dict[int, int] = {}
    for member_id, minutes in (
        served_exchanges()
        .filter(confirmed_at__gte=start, confirmed_at__lt=end)
        .values_list("provider_id")
        .annotate(m=Sum("minutes"))
    ):
        totals[member_id] = totals.get(member_id, 0) + minutes
    for member_id, minutes in (
        served_awards()
        .filter(awarded_at__gte=start, awarded_at__lt=end)
        .values_list("member_id")
        .annotate(m=Sum("minutes"))
    ):
        totals[member_id] = totals.get(member_id, 0) + minutes
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:limit]
    names = dict(Member.objects.filter(id__in=[m for m, _ in ranked]).values_list("id", "display_name"))
    return [Honour(rank, m, names[m], minutes) for rank, (m, minutes) in enumerate(ranked, start=1)]


@dataclass(frozen=True)
class CategoryFigure:
    category_id: int
    name: str
    minutes: int


@dataclass(frozen=True)
class CommunityStats:
    members: int
    members_by_kind: dict[str, int]
    members_by_month_joined: dict[str, int]  # "2026-11": n
    active_members_90_days: int
    active_members_30_days: int
    minutes_served_this_month: int  # since the first of `now`'s month, in TIME_ZONE
    exchanges: int  # confirmed, not reversed
    activities_held: int  # not cancelled and over by `now`
    minutes_served: int
    minutes_served_exchanges: int
    minutes_served_activities: int
    minutes_served_projects: int  # in joint projects, here or hosted by another community
    minutes_in_circulation: int
    population: int | None
    participation_rate: Decimal | None  # members / population, 4 decimals
    top_categories: list[CategoryFigure]


def active_since(since: datetime) -> set[int]:
    """Members who gave, received, were awarded or checked in since then."""
    exchanges = served_exchanges().filter(confirmed_at__gte=since)
    active_ids = set(exchanges.values_list("provider_id", flat=True))
    active_ids |= set(exchanges.values_list("recipient_id", flat=True))
    active_ids |= set(served_awards().filter(awarded_at__gte=since).values_list("member_id", flat=True))
    active_ids |= set(SignUp.objects.filter(checked_in_at__gte=since).values_list("member_id", flat=True))
    return active_ids


def minutes_served_between(start: datetime, end: datetime) -> int:
    by_exchanges = (
        served_exchanges().filter(confirmed_at__gte=start, confirmed_at__lte=end).aggregate(m=Sum("minutes"))
    )["m"] or 0
    by_awards = (
        served_awards().filter(awarded_at__gte=start, awarded_at__lte=end).aggregate(m=Sum("minutes"))
    )["m"] or 0
    by_projects = (
        served_in_projects().filter(created_at__gte=start, created_at__lte=end).aggregate(m=Sum("amount"))
    )["m"] or 0
    return by_exchanges + by_awards + by_projects


def community_stats(*, now: datetime, top: int = 5) -> CommunityStats:
    active = Member.objects.filter(status=Member.Status.ACTIVE)
    members = active.count()
    by_kind = dict(active.values_list("kind").annotate(n=Count("id")))
    by_month = {
        month.strftime("%Y-%m"): n
        for month, n in active.exclude(approved_at=None)
        .annotate(month=TruncMonth("approved_at"))
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by("month")
    }
    active_member_ids = set(active.values_list("id", flat=True))
    by_exchanges = served_exchanges().aggregate(m=Sum("minutes"))["m"] or 0
    by_activities = served_awards().aggregate(m=Sum("minutes"))["m"] or 0
    by_projects = served_in_projects().aggregate(m=Sum("amount"))["m"] or 0
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    # Hours members hold and can spend: what the community pool and partners have issued, net of debts.
    circulation = (
        Account.objects.filter(kind=Account.Kind.MEMBER, balance__gt=0).aggregate(b=Sum("balance"))["b"] or 0
    )
    community = current_community()
    population = None if community is None else community.population
    rate = (
        (Decimal(members) / Decimal(population)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        if population
        else None
    )
    categories = {}
    for category_id, name, minutes in (
        served_exchanges().values_list("category_id", "category__name").annotate(m=Sum("minutes"))
    ):
        categories[category_id] = [name, minutes]
    for category_id, name, minutes in (
        served_awards()
        .values_list("activity__category_id", "activity__category__name")
        .annotate(m=Sum("minutes"))
    ):
        categories.setdefault(category_id, [name, 0])[1] += minutes
    ranked = sorted(categories.items(), key=lambda item: (-item[1][1], item[0]))[:top]
    return CommunityStats(
        members=members,
        members_by_kind={kind: by_kind.get(kind, 0) for kind in Member.Kind.values},
        members_by_month_joined=by_month,
        active_members_90_days=len(active_since(now - ACTIVE_WINDOW) & active_member_ids),
        active_members_30_days=len(active_since(now - RECENTLY_ACTIVE_WINDOW) & active_member_ids),
        minutes_served_this_month=minutes_served_between(month_start, now),
        exchanges=served_exchanges().count(),
        activities_held=Activity.objects.exclude(status=Activity.Status.CANCELLED)
        .filter(ends_at__lte=now)
        .count(),
        minutes_served=by_exchanges + by_activities + by_projects,
        minutes_served_exchanges=by_exchanges,
        minutes_served_activities=by_activities,
        minutes_served_projects=by_projects,
        minutes_in_circulation=circulation,
        population=population,
        participation_rate=rate,
        top_categories=[CategoryFigure(c, name, minutes) for c, (name, minutes) in ranked],
    )


STATS_HISTORY_MAX_DAYS = 366


@transaction.atomic
def do_take_stats_snapshot(*, now: datetime) -> StatsSnapshot:
    """The day's figures (the day in TIME_ZONE, Asia/Shanghai), taken once: a second run the same day, a redelivered
    task or a beat that fired twice, keeps the first snapshot unchanged.

    The same figures go to the public roll-up the street office reads (gateways.community_figures), in
    this transaction, so that the two never disagree.
    """
    day = timezone.localdate(now)
    snapshot = StatsSnapshot.objects.filter(day=day).first()
    if snapshot is None:
        stats = community_stats(now=now)
        # The unique day settles two runs that both found no snapshot: the second gets the first's row.
        snapshot, _created = StatsSnapshot.objects.get_or_create(
            day=day,
            defaults={
                "members": stats.members,
                "active_members_90_days": stats.active_members_90_days,
                "active_members_30_days": stats.active_members_30_days,
                "minutes_served": stats.minutes_served,
                "minutes_served_this_month": stats.minutes_served_this_month,
                "minutes_in_circulation": stats.minutes_in_circulation,
                "exchanges": stats.exchanges,
                "activities_held": stats.activities_held,
                "population": stats.population,
                "participation_rate": stats.participation_rate,
                "taken_at": now,
            },
        )
    record_daily_figures(daily_figures(snapshot))
    return snapshot


def daily_figures(snapshot: StatsSnapshot) -> DailyFigures:
    return DailyFigures(
        day=snapshot.day,
        members=snapshot.members,
        active_members_30_days=snapshot.active_members_30_days,
        minutes_served=snapshot.minutes_served,
        minutes_served_this_month=snapshot.minutes_served_this_month,
        exchanges=snapshot.exchanges,
        activities_held=snapshot.activities_held,
    )


def stats_history(*, days: int, today: date) -> list[StatsSnapshot]:
    """Snapshots of the last `days` days up to `today`, newest first (at most a year and a day)."""
    days = max(1, min(days, STATS_HISTORY_MAX_DAYS))
    return list(
        StatsSnapshot.objects.filter(day__gt=today - timedelta(days=days), day__lte=today).order_by("-day")
    )


@dataclass(frozen=True)
class MemberHours:
    served_minutes: int  # exchanges provided and activity awards, reversals excluded
    received_minutes: int  # exchanges received, reversals excluded


def member_hours(member_id: int) -> MemberHours:
    """What a member gave and received, as the community's figures count it (two statements)."""
    exchanges = (
        served_exchanges()
        .filter(Q(provider_id=member_id) | Q(recipient_id=member_id))
        .aggregate(
            served=Sum("minutes", filter=Q(provider_id=member_id)),
            received=Sum("minutes", filter=Q(recipient_id=member_id)),
        )
    )
    awarded = served_awards().filter(member_id=member_id).aggregate(m=Sum("minutes"))["m"] or 0
    return MemberHours(
        served_minutes=(exchanges["served"] or 0) + awarded, received_minutes=exchanges["received"] or 0
    )
