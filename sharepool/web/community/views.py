"""The community's own pages: home, honours, figures (issue 12). Reads only, through domain code."""

from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sharepool.tenants.activities.models import Activity
from sharepool.tenants.ledger.models import Account
from sharepool.tenants.members.models import CommunitySettings, Member
from sharepool.tenants.neighbourhood.models import MemberStanding
from sharepool.tenants.neighbourhood.services import member_figures
from sharepool.tenants.recognition.models import Recognition
from sharepool.tenants.recognition.services import recognitions, served_and_held
from sharepool.tenants.stats.services import (
    default_honours_start,
    honours,
    served_awards,
    served_exchanges,
    stats_history,
)
from sharepool.tenants.timebank.services import exchanges_awaiting
from sharepool.web.charts import Chart, snapshot_charts

UPCOMING_ON_HOME = 5
AWAITING_ON_HOME = 5


def home(request):
    now = timezone.now()
    minutes_served = (served_exchanges().aggregate(m=Sum("minutes"))["m"] or 0) + (
        served_awards().aggregate(m=Sum("minutes"))["m"] or 0
    )
    context = {
        "welcome_text": CommunitySettings.objects.values_list("welcome_text", flat=True).first() or "",
        "members": Member.objects.filter(status=Member.Status.ACTIVE).count(),
        "hours_served": minutes_served // 60,
        "upcoming": list(
            Activity.objects.filter(status=Activity.Status.OPEN, starts_at__gte=now)
            .select_related("category")
            .order_by("starts_at", "id")[:UPCOMING_ON_HOME]
        ),
    }
    member = request.member
    if member is not None:
        account = Account.objects.filter(member_id=member.id).first()
        served, _held = served_and_held(member.id)
        awaiting = exchanges_awaiting(member.id)
        context.update(
            balance_minutes=account.balance if account else 0,
            served_minutes=served,
            awaiting=list(awaiting[:AWAITING_ON_HOME]),
        )
    return render(request, "web/community/home.html", context)


HONOURS_SHOWN = 20


def honours_page(request):
    """Milestones (the 1,000th member...) and the members who served most in the last 30 days."""
    end = timezone.now()
    context = {
        "milestones": list(recognitions(kind=Recognition.Kind.MEMBER_NUMBER)[:HONOURS_SHOWN]),
        "hours_badges": list(recognitions(kind=Recognition.Kind.HOURS_SERVED)[:HONOURS_SHOWN]),
        "top": honours(start=default_honours_start(end), end=end, limit=10),
    }
    return render(request, "web/community/honours.html", context)


STATS_DAYS = 365


def stats_page(request):
    """The community's figures today and over the past year, drawn from the daily snapshots."""
    snapshots = list(reversed(stats_history(days=STATS_DAYS, today=timezone.localdate())))
    # Active in 90 days here, as the figures above say: every snapshot holds it (the 30-day figure only
    # those since issue 14).
    charts = [
        *snapshot_charts(snapshots, active_figure="active_members_90_days"),
        Chart.of(
            _("Hours held by members"),
            [(s.day, s.minutes_in_circulation // 60) for s in snapshots],
            key="hours_held",
        ),
    ]
    figures = member_figures() if request.member else None
    return render(
        request,
        "web/community/stats.html",
        {
            "latest": snapshots[-1] if snapshots else None,
            "charts": charts,
            # Who the members are (issue 13), for members only: the API's `stats` asks to be signed in.
            "figures": figures,
            "collective_kinds": [
                (MemberStanding.CollectiveKind(kind).label, n)
                for kind, n in (figures.collective_by_kind.items() if figures else [])
                if kind
            ],
        },
    )
