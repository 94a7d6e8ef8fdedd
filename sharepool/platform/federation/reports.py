"""Alliance monthly reports: on the 1st, each alliance's allianceStats figures are kept for last month.

allianceStats counts what is in place at the moment it runs (it has no date range), so the report is
the picture at the end of the month, taken when beat runs early on the 1st. An alliance created this
month did not exist last month and gets no report for it.
"""

import dataclasses
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from sharepool.platform.federation.access import access_alliance
from sharepool.platform.federation.actors import FederationActor, operator_actor
from sharepool.platform.federation.models import Alliance, AllianceMonthlyReport
from sharepool.platform.federation.stats import CommunityFigures, FederationStats, alliance_stats


def first_day_of_last_month(now: datetime) -> date:
    this_month = timezone.localtime(now).date().replace(day=1)
    return (this_month - timedelta(days=1)).replace(day=1)


def figures_as_json(stats: FederationStats) -> dict:
    return {"name": stats.name, "communities": [dataclasses.asdict(row) for row in stats.communities]}


def figures_from_json(figures: dict) -> FederationStats:
    return FederationStats(
        name=figures["name"], communities=[CommunityFigures(**row) for row in figures["communities"]]
    )


def do_write_alliance_monthly_reports(*, now: datetime | None = None) -> int:
    """Write last month's report for every alliance that has none yet; returns how many it wrote.

    Idempotent: a second run finds every report in place and writes nothing.
    """
    now = now or timezone.now()
    month = first_day_of_last_month(now)
    start_of_this_month = timezone.make_aware(
        datetime.combine(timezone.localtime(now).date().replace(day=1), datetime.min.time())
    )
    actor = operator_actor()
    with transaction.atomic():
        alliances = (
            Alliance.objects.filter(created__lt=start_of_this_month)
            .exclude(Exists(AllianceMonthlyReport.objects.filter(alliance=OuterRef("pk"), month=month)))
            .order_by("id")
        )
        reports = [
            AllianceMonthlyReport(
                alliance=alliance,
                month=month,
                figures=figures_as_json(alliance_stats(actor=actor, alliance_id=alliance.id)),
            )
            for alliance in alliances
        ]
        # A beat run racing this one (two beats by mistake) loses quietly on the unique constraint.
        AllianceMonthlyReport.objects.bulk_create(reports, ignore_conflicts=True)
    return len(reports)


def alliance_reports(*, actor: FederationActor, alliance_id) -> list[AllianceMonthlyReport]:
    """Newest first; seen by exactly those who may see allianceStats (missing and forbidden look alike)."""
    alliance = access_alliance(actor, alliance_id)
    return list(AllianceMonthlyReport.objects.filter(alliance=alliance).order_by("-month"))
