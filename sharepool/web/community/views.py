"""The community's own pages: home, honours, figures (issue 12). Reads only, through domain code."""

from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from sharepool.tenants.activities.models import Activity
from sharepool.tenants.ledger.models import Account
from sharepool.tenants.members.models import CommunitySettings, Member
from sharepool.tenants.recognition.services import served_and_held, served_awards, served_exchanges
from sharepool.tenants.timebank.services import exchanges_awaiting

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
