"""The console's first page: what is waiting for the community's workers today (issue 14)."""

from datetime import datetime, time, timedelta

from django.shortcuts import render
from django.utils import timezone

from sharepool.tenants.activities.models import Activity
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.tenants.stats.services import stats_history
from sharepool.tenants.timebank.models import Exchange
from sharepool.web.charts import snapshot_charts
from sharepool.web.staff.access import console_required

CHART_DAYS = 365


def today_range() -> tuple[datetime, datetime]:
    """Today in the community's time (Asia/Shanghai), as aware datetimes."""
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return start, start + timedelta(days=1)


@console_required
def dashboard(request):
    held = request.staff_permissions
    start, end = today_range()
    counts = {
        "today": Activity.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Activity.Status.CANCELLED)
        .count()
    }
    if P.APPROVE_MEMBERS in held:
        counts["waiting"] = Member.objects.filter(status=Member.Status.PENDING).count()
    if P.RESOLVE_DISPUTES in held:
        counts["disputes"] = Exchange.objects.filter(state=Exchange.State.DISPUTED).count()
    # Members, active members, hours served and exchanges over the year, from the daily snapshots (issue 14).
    snapshots = reversed(stats_history(days=CHART_DAYS, today=timezone.localdate()))
    charts = snapshot_charts(snapshots)
    return render(request, "staff/dashboard.html", {"counts": counts, "held": held, "charts": charts})
