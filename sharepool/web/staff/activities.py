"""Activities in the console (issue 14): a series made at once, cancel, the check-in QR to print, attendance
and awards from one list. Each page calls the domain function of its GraphQL mutation
(createActivitySeries, cancelActivity, markAttendance, awardAttendees), which checks the permission and the
time rules again; a refusal is shown on the page, nothing written."""

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sharepool.core.errors import DomainError
from sharepool.core.ids import parse_id
from sharepool.tenants.activities import attendance, services
from sharepool.tenants.activities.models import Activity, ActivityAward, SignUp
from sharepool.tenants.activities.series import SeriesPlan, do_create_activity_series
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.web.activities.views import check_in_url
from sharepool.web.errors import new_idempotency_key
from sharepool.web.staff.access import requires
from sharepool.web.staff.audit_labels import latest_about
from sharepool.web.staff.forms import ActivitySeriesForm
from sharepool.web.timebank.forms import category_choices

PAGE_SIZE = 20


def runs_all(request) -> bool:
    return P.RUN_ANY_ACTIVITY in request.staff_permissions


@requires(P.ORGANISE_ACTIVITIES)
def activity_list(request):
    """Workers see every activity; a coordinator the ones they organise (the domain lets them run only those)."""
    now = timezone.now()
    activities = services.upcoming_activities(now)
    if request.GET.get("when") == "past":
        activities = services.past_activities(now)
    if not runs_all(request):
        activities = activities.filter(organiser=request.member)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    for activity in page.object_list:
        activity.state = services.activity_state(activity, now)
    return render(request, "staff/activities.html", {"page": page, "past": request.GET.get("when") == "past"})


@requires(P.ORGANISE_ACTIVITIES)
def new_series(request):
    form = ActivitySeriesForm(request.POST or None, categories=category_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = do_create_activity_series(
                organiser_id=organiser_id(data["organiserNumber"]),
                actor_id=request.member.id,
                title=data["title"],
                category_id=data["categoryId"],
                place=data["place"],
                capacity=data["capacity"],
                minutes_credited=data["minutesCredited"],
                plan=SeriesPlan(
                    weekdays=tuple(data["weekdays"]),
                    start_time=data["startsAtTime"],
                    duration_minutes=data["durationMinutes"],
                    first_day=data["firstDay"],
                    until=data["until"],
                    weeks=data["weeks"],
                ),
            )
        except DomainError as error:
            add_series_error(form, error)
        else:
            count = series.activities.count()
            messages.success(request, _("%(count)d activities were made.") % {"count": count})
            return redirect("staff:activities")
    return render(request, "staff/activity_series.html", {"form": form})


def organiser_id(number: int | None) -> int | None:
    """None for yourself; a number nobody holds reaches the domain as id 0, its member_not_found."""
    if number is None:
        return None
    return Member.objects.filter(member_number=number).values_list("id", flat=True).first() or 0


def add_series_error(form, error: DomainError) -> None:
    # The domain's argument names are the form's, but for the organiser, chosen here by member number.
    field = "organiserNumber" if error.field == "organiserId" else error.field
    form.add_error(field if field in form.fields else None, str(error.message))


def coordinated_or_404(request, activity_id: int) -> Activity:
    """The activity, if the member runs it; another community's id or someone else's activity is not found."""
    activity = Activity.objects.select_related("category", "organiser").filter(id=activity_id).first()
    if activity is None or not services.coordinates(activity, request.member):
        raise Http404
    return activity


def roster(activity: Activity) -> list[dict]:
    """The confirmed places, each with whether they checked in and what they were awarded."""
    awarded = dict(ActivityAward.objects.filter(activity=activity).values_list("member_id", "minutes"))
    sign_ups = (
        SignUp.objects.filter(activity=activity, status=SignUp.Status.CONFIRMED)
        .select_related("member")
        .order_by("member__display_name", "member_id")
    )
    return [
        {
            "member": sign_up.member,
            "checked_in": sign_up.checked_in_at is not None,
            "awarded": awarded.get(sign_up.member_id),
        }
        for sign_up in sign_ups
    ]


def activity_console(request, activity: Activity, *, error: str | None = None, status: int = 200):
    now = timezone.now()
    context = {
        "activity": activity,
        "state": services.activity_state(activity, now),
        "rows": roster(activity),
        "idempotency_key": new_idempotency_key(),
        "error": error,
        "posted": request.POST if error else None,
        "changes": latest_about("activity", activity.id)
        if P.VIEW_AUDIT_LOG in request.staff_permissions
        else None,
    }
    return render(request, "staff/activity.html", context, status=status)


@requires(P.ORGANISE_ACTIVITIES)
def activity_page(request, activity_id: int):
    return activity_console(request, coordinated_or_404(request, activity_id))


@requires(P.ORGANISE_ACTIVITIES)
def check_in_qr(request, activity_id: int):
    """A page to print and pin up: the QR opens the check-in page with the day's code filled in."""
    activity = coordinated_or_404(request, activity_id)
    url = check_in_url(request, activity)
    qr_svg = segno.make(url, error="m").svg_inline(scale=10, title=activity.check_in_code)
    return render(request, "staff/check_in_qr.html", {"activity": activity, "url": url, "qr_svg": qr_svg})


def posted_ids(request, name: str) -> list[int]:
    return [parse_id(value) or 0 for value in request.POST.getlist(name)]


@require_POST
@requires(P.ORGANISE_ACTIVITIES)
def cancel(request, activity_id: int):
    activity = coordinated_or_404(request, activity_id)
    try:
        services.do_cancel_activity(actor_id=request.member.id, activity_id=activity.id)
    except DomainError as error:
        return activity_console(request, activity, error=str(error.message), status=400)
    messages.success(request, _("The activity is cancelled."))
    return redirect("staff:activity", activity.id)


@require_POST
@requires(P.ORGANISE_ACTIVITIES)
def mark_attendance(request, activity_id: int):
    activity = coordinated_or_404(request, activity_id)
    try:
        attendance.do_mark_attendance(
            actor_id=request.member.id, activity_id=activity.id, member_ids=posted_ids(request, "memberIds")
        )
    except DomainError as error:
        return activity_console(request, activity, error=str(error.message), status=400)
    messages.success(request, _("Attendance is saved."))
    return redirect("staff:activity", activity.id)


def posted_minutes(request, member_id: int) -> int:
    value = request.POST.get(f"minutes-{member_id}", "").strip()
    # Anything not a whole number reaches the domain as 0, which it refuses with minutes_invalid.
    return int(value) if value.isdigit() and len(value) < 7 else 0


@require_POST
@requires(P.ORGANISE_ACTIVITIES)
def award(request, activity_id: int):
    activity = coordinated_or_404(request, activity_id)
    chosen = posted_ids(request, "award")
    try:
        attendance.do_award_attendees(
            actor_id=request.member.id,
            activity_id=activity.id,
            awards=[(member_id, posted_minutes(request, member_id)) for member_id in chosen],
            idempotency_key=request.POST.get("idempotencyKey", ""),
        )
    except DomainError as error:
        return activity_console(request, activity, error=str(error.message), status=400)
    messages.success(request, _("The hours are awarded."))
    return redirect("staff:activity", activity.id)
