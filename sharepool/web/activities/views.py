"""Activities (the 4:30 classroom) and the alliance's project activities open to this community (issue 12).

Each view calls the domain function its GraphQL mutation calls (graphql/community/activities and
graphql/community/federation): sign up, cancel, check in. A refusal is shown on the form, nothing written.
"""

import segno
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from sharepool.core.errors import DomainError
from sharepool.core.paging import CountingPaginator
from sharepool.platform.federation.actors import community_worker_actor, resident_actor
from sharepool.platform.federation.attendance import do_check_in_to_project_activity
from sharepool.platform.federation.models import ProjectActivitySignup
from sharepool.platform.federation.projects import (
    do_sign_up_for_project_activity,
    signed_up_activities_for,
    upcoming_activities_for,
)
from sharepool.tenants.activities import services
from sharepool.tenants.activities.models import Activity, SignUp
from sharepool.tenants.members.permissions import CommunityPermission, has_permission
from sharepool.web.activities.forms import CheckInForm, SignUpForm
from sharepool.web.auth import member_required
from sharepool.web.errors import add_domain_error
from sharepool.web.fragments import shown_values

PAGE_SIZE = 20


def series_of(activities) -> list[dict]:
    """Group a page's activities by title, in the page's order: the 4:30 classroom is one series."""
    series: dict[str, dict] = {}
    for activity in activities:
        series.setdefault(activity.title, {"title": activity.title, "activities": []})["activities"].append(
            activity
        )
    return list(series.values())


# What an activity's card shows (activity_list.html), the key of the cards rendered once with the language, the
# time zone and the tab (web/fragments.shown_values); tests/web/activities/test_cached_activity_cards.py changes
# each one. The title is the series' heading and its count of sessions.
CARD_SHOWS = ("id", "title", "starts_at", "place", "category_name", "status", "state", "my_sign_up_status")


# The columns the cards need (CARD_SHOWS, and the end for the state): the others are neither read nor parsed.
CARD_COLUMNS = ("id", "title", "starts_at", "ends_at", "place", "status")


@member_required
def activity_list(request):
    now = timezone.now()
    past = request.GET.get("when") == "past"
    activities = services.past_activities(now) if past else services.upcoming_activities(now)
    # A card shows its category's name: read as a value of the same statement, not as a model a row.
    activities = services.with_sign_up_status_of(request.member.id, activities).select_related(None)
    activities = activities.annotate(category_name=F("category__name")).only(*CARD_COLUMNS)
    page = CountingPaginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    for activity in page.object_list:
        activity.my_sign_up = (
            SignUp.Status(activity.my_sign_up_status) if activity.my_sign_up_status else None
        )
        activity.state = services.activity_state(activity, now)
    context = {
        "page": page,
        "series": series_of(page.object_list),
        "past": past,
        "cards_key": shown_values(page.object_list, CARD_SHOWS),
    }
    return render(request, "web/activities/activity_list.html", context)


def activity_or_404(activity_id: int) -> Activity:
    activity = Activity.objects.select_related("category", "organiser").filter(id=activity_id).first()
    if activity is None:
        raise Http404
    return activity


def check_in_url(request, activity: Activity) -> str:
    path = reverse("web-activities:check-in", args=[activity.id])
    return request.build_absolute_uri(f"{path}?{urlencode({'code': activity.check_in_code})}")


def activity_page(request, activity: Activity, *, sign_up_form=None, check_in_form=None):
    member = request.member
    sign_up = services.sign_ups_of(member.id, [activity.id]).get(activity.id)
    coordinating = services.coordinates(activity, member)
    now = timezone.now()
    opens, closes = services.check_in_window(activity)
    state = services.activity_state(activity, now)
    context = {
        "activity": activity,
        "sign_up": sign_up,
        "position": services.waiting_position(sign_up) if sign_up else None,
        "confirmed": SignUp.objects.filter(activity=activity, status=SignUp.Status.CONFIRMED).count(),
        "state": state,
        # What the domain would accept now (services.do_sign_up, do_check_in): nothing else is offered.
        "sign_up_open": state == "upcoming",
        "check_in_open": state != "cancelled" and opens <= now < closes,
        "check_in_opens_at": opens,
        "sign_up_form": sign_up_form or SignUpForm(),
        "check_in_form": check_in_form or CheckInForm(),
        "coordinating": coordinating,
    }
    if coordinating:
        url = check_in_url(request, activity)
        context["check_in_url"] = url
        # Drawn here as SVG: no image service, no CDN, works offline (issue 12).
        context["qr_svg"] = segno.make(url, error="m").svg_inline(scale=6, title=activity.check_in_code)
    return render(request, "web/activities/activity_detail.html", context)


@member_required
def activity_detail(request, activity_id: int):
    return activity_page(request, activity_or_404(activity_id))


@require_POST
@member_required
def activity_sign_up(request, activity_id: int):
    activity = activity_or_404(activity_id)
    form = SignUpForm(request.POST)
    form.is_valid()
    try:
        services.do_sign_up(actor_id=request.member.id, activity_id=activity.id)
    except DomainError as error:
        add_domain_error(form, error)
        return activity_page(request, activity, sign_up_form=form)
    return redirect("web-activities:activity", activity.id)


@require_POST
@member_required
def activity_cancel_sign_up(request, activity_id: int):
    activity = activity_or_404(activity_id)
    form = SignUpForm(request.POST)
    form.is_valid()
    try:
        services.do_cancel_sign_up(actor_id=request.member.id, activity_id=activity.id)
    except DomainError as error:
        add_domain_error(form, error)
        return activity_page(request, activity, sign_up_form=form)
    return redirect("web-activities:activity", activity.id)


@member_required
def activity_check_in(request, activity_id: int):
    """The page the QR code opens: the code filled in from the address, one tap to check in."""
    activity = activity_or_404(activity_id)
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                services.do_check_in(
                    actor_id=request.member.id, activity_id=activity.id, code=form.cleaned_data["code"]
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return redirect("web-activities:activity", activity.id)
    else:
        form = CheckInForm(initial={"code": request.GET.get("code", "")[:40]})
    return render(request, "web/activities/check_in.html", {"activity": activity, "form": form})


# ---------------------------------------------------------------------------------------------
# The alliance's project activities


def federation_actor_of(request):
    """The request's member as the federation sees them: plain data, never the tenant row (STYLE.md 7)."""
    member = request.member
    # The same rule as the API's federation_actor (graphql/platform/federation/actors.py).
    representing = has_permission(member, CommunityPermission.REPRESENT_COMMUNITY)
    make = community_worker_actor if representing else resident_actor
    return make(community_id=request.community.id, member_id=member.id, display_name=member.display_name)


def row_ids(activity_id: int) -> str:
    # One page holds a form per activity: their fields' ids must differ, their names stay the API's.
    return f"id_%s_{activity_id}"


def project_page(request, failed_form=None):
    """The list; a refused sign-up or check-in is shown at the top, whichever activity it named."""
    actor = federation_actor_of(request)
    mine = list(signed_up_activities_for(actor).select_related("project"))
    page = CountingPaginator(upcoming_activities_for(actor).select_related("project"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    mine_ids = {activity.id for activity in mine}
    checked_in = set(
        ProjectActivitySignup.objects.filter(
            activity_id__in=mine_ids,
            community_id=actor.community_id,
            member_id=actor.member_id,
            checked_in_at__isnull=False,
        ).values_list("activity_id", flat=True)
    )

    def row(activity):
        return {
            "activity": activity,
            "signed_up": activity.id in mine_ids,
            "checked_in": activity.id in checked_in,
            "check_in_form": CheckInForm(auto_id=row_ids(activity.id)),
        }

    context = {
        "page": page,
        "failed_form": failed_form,
        "mine": [row(activity) for activity in mine],
        "rows": [row(activity) for activity in page.object_list if activity.id not in mine_ids],
    }
    return render(request, "web/activities/project_list.html", context)


@member_required
def project_list(request):
    return project_page(request)


@require_POST
@member_required
def project_sign_up(request, activity_id: int):
    form = SignUpForm(request.POST)
    form.is_valid()
    try:
        do_sign_up_for_project_activity(actor=federation_actor_of(request), activity_id=activity_id)
    except DomainError as error:
        add_domain_error(form, error)
        return project_page(request, failed_form=form)
    return redirect("web-activities:projects")


@require_POST
@member_required
def project_check_in(request, activity_id: int):
    form = CheckInForm(request.POST, auto_id=row_ids(activity_id))
    if form.is_valid():
        try:
            do_check_in_to_project_activity(
                actor=federation_actor_of(request), activity_id=activity_id, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("web-activities:projects")
    return project_page(request, failed_form=form)
