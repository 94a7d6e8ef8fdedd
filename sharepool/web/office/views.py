"""The street office's pages on the platform host (issue 14): its communities side by side, a community's
page with its billing, the onboarding form, the export, and the operators' page for street offices and
their staff. Each view: validate, one domain call, render; the GraphQL operations call the same functions
(streetOfficeStats, onboardCommunity, openBillingPortal, createStreetOffice, createStreetOfficeStaff).
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login as start_session
from django.contrib.auth import logout as end_session
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sharepool.core.errors import DomainError
from sharepool.core.exports import day_stamp, export_response
from sharepool.credentials.addresses import client_address
from sharepool.platform.accounts.permissions import PlatformPermission
from sharepool.platform.accounts.services import (
    access_communities,
    do_sign_in_staff,
    street_office_for_onboarding,
)
from sharepool.platform.accounts.street_offices import do_create_street_office, do_create_street_office_staff
from sharepool.platform.billing.errors import BillingError
from sharepool.platform.billing.models import Subscription
from sharepool.platform.billing.services import access_community_for_billing, do_open_billing_portal
from sharepool.platform.communities.models import CommunityDailyFigures, StreetOffice, StreetOfficeStaff
from sharepool.platform.communities.services import community_domain, community_url, do_onboard_community_once
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.stats import FederationStats, daily_history, street_office_stats
from sharepool.web.account.forms import LoginForm
from sharepool.web.charts import snapshot_charts
from sharepool.web.errors import add_domain_error
from sharepool.web.office.auth import federation_actor_of, office_required
from sharepool.web.office.forms import OnboardForm, StaffAccountForm, StreetOfficeForm
from sharepool.web.views import safe_next

HISTORY_DAYS = 365

# The table's columns, in the order shown: (figure, heading). Every one sorts (SORTABLE_FIGURES).
COLUMNS = (
    ("community_name", gettext_lazy("Community")),
    ("members", gettext_lazy("Members")),
    ("active_members_30_days", gettext_lazy("Active in 30 days")),
    ("members_per_thousand", gettext_lazy("Members per 1,000 residents")),
    ("minutes_served_this_month", gettext_lazy("Hours served this month")),
    ("minutes_served", gettext_lazy("Hours served in total")),
    ("activities_held", gettext_lazy("Activities held")),
    ("exchanges", gettext_lazy("Exchanges")),
    ("projects", gettext_lazy("Alliance projects")),
)


@require_http_methods(["GET", "POST"])
def login(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actor = do_sign_in_staff(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                address=client_address(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            start_session(request, actor.user)
            return redirect(safe_next(request, "/office/"))
    return render(request, "web/office/login.html", {"form": form, "next": safe_next(request, "/office/")})


@require_POST
def logout(request):
    end_session(request)
    return redirect("/office/login/")


def office_id_of(request) -> int | None:
    """Staff see their own street office; an operator names one (?office=<id>) or picks from the list."""
    if not request.staff.is_operator:
        return request.staff.street_office_id
    try:
        return int(request.GET.get("office", ""))
    except ValueError:
        return None


def office_stats(request, office_id: int, sort: str | None) -> FederationStats | None:
    """The comparison, sorted as asked; an unknown column is said, and the table shown by name."""
    actor = federation_actor_of(request.staff)
    try:
        return street_office_stats(actor=actor, street_office_id=office_id, order_by=sort)
    except FederationError as error:
        if error.code == FederationErrorCode.ORDER_INVALID:
            messages.error(request, str(error.message))
            return office_stats(request, office_id, None)
        if error.code == FederationErrorCode.STREET_OFFICE_NOT_FOUND and not request.staff.is_operator:
            return None  # their office has no community yet: the page offers to onboard the first
        raise Http404("No such street office") from error


def sort_links(sort: str | None) -> list[dict]:
    """Each column's heading links to sorting by it: largest first, then smallest first on a second tap."""
    links = []
    for key, label in COLUMNS:
        current = sort in (key, f"-{key}")
        descending = sort == f"-{key}"
        first = key if key == "community_name" else f"-{key}"
        target = (key if descending else f"-{key}") if current else first
        links.append(
            {"key": key, "label": label, "sort": target, "current": current, "descending": descending}
        )
    return links


@require_GET
@office_required(PlatformPermission.VIEW_COMMUNITIES)
def dashboard(request):
    office_id = office_id_of(request)
    if office_id is None:  # an operator who has not picked a street office yet
        offices = StreetOffice.objects.annotate(n=Count("communities")).order_by("name")
        return render(request, "web/office/pick_office.html", {"offices": offices})
    sort = request.GET.get("sort") or None
    stats = office_stats(request, office_id, sort)
    rows = [] if stats is None else [row for row in stats.communities if row.community_id is not None]
    ids = [row.community_id for row in rows]
    slugs = (
        dict(access_communities(request.staff).filter(id__in=ids).values_list("id", "slug")) if ids else {}
    )
    history = daily_history(
        community_ids=ids,
        since=timezone.localdate() - timedelta(days=HISTORY_DAYS),
    )
    return render(
        request,
        "web/office/dashboard.html",
        {
            "stats": stats,
            "rows": [(row, slugs.get(row.community_id)) for row in rows],
            "total": stats.total if stats is not None else None,
            "columns": sort_links(sort),
            "sort": sort or "",
            "office_id": office_id,
            "charts": snapshot_charts(history),
        },
    )


@require_GET
@office_required(PlatformPermission.VIEW_COMMUNITIES)
def export(request, format: str):
    """The comparison as shown (same sort), as CSV or XLSX."""
    office_id = office_id_of(request)
    if office_id is None:
        raise Http404("Pick a street office")
    stats = office_stats(request, office_id, request.GET.get("sort") or None)
    if stats is None:
        raise Http404("No community yet")
    rows = (
        (
            row.community_name,
            row.members,
            row.active_members_30_days,
            row.members_per_thousand,
            row.hours_served_this_month,
            row.hours_served,
            row.activities_held,
            row.exchanges,
            row.projects,
        )
        for row in stats.communities
        if row.community_id is not None
    )
    filename = f"{stats.name}-{day_stamp(timezone.localdate())}"
    return export_response(format, filename, [str(label) for _key, label in COLUMNS], rows, title=stats.name)


@require_GET
@office_required(PlatformPermission.VIEW_COMMUNITIES)
def community(request, slug: str):
    found = access_communities(request.staff).filter(slug=slug).select_related("street_office").first()
    if found is None:  # missing and not theirs look the same (STYLE.md 6)
        raise Http404("No such community")
    since = timezone.localdate() - timedelta(days=HISTORY_DAYS)
    history = list(CommunityDailyFigures.objects.filter(community=found, day__gte=since).order_by("day"))
    subscription = Subscription.objects.filter(community=found).select_related("plan").first()
    return render(
        request,
        "web/office/community.html",
        {
            "target": found,
            "url": community_url(community_domain(found.slug)),
            "latest": history[-1] if history else None,
            "charts": snapshot_charts(history),
            "subscription": subscription,
        },
    )


@require_POST
@office_required(PlatformPermission.MANAGE_BILLING)
def billing_portal(request, slug: str):
    """To the Stripe customer portal (plan, card, invoices), as openBillingPortal."""
    try:
        target = access_community_for_billing(request.staff, slug)
    except BillingError as error:  # missing and not theirs look the same (STYLE.md 6)
        raise Http404("No such community") from error
    try:
        return redirect(do_open_billing_portal(community_id=target.id))
    except BillingError as error:
        messages.error(request, str(error.message))
        return redirect(f"/office/communities/{target.slug}/")


@require_http_methods(["GET", "POST"])
@office_required(PlatformPermission.ONBOARD_COMMUNITIES)
def onboard(request):
    """The same call as `manage.py onboard_community` and onboardCommunity, under the form's idempotency
    key: a double tap or a resent form makes one community and shows the same answer."""
    staff = request.staff
    form = OnboardForm(request.POST or None, operator=staff.is_operator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = do_onboard_community_once(
                requested_by_id=staff.user.pk,
                idempotency_key=data["idempotencyKey"],
                slug=data["slug"],
                name=data["name"],
                street_office_name=street_office_for_onboarding(staff, data.get("streetOffice") or None),
                population=data["population"],
                district=data["district"] or "",
                admin_username=data["adminUsername"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # The admin's credentials are shown on this answer only: never cached, never in a redirect.
            response = render(request, "web/office/onboarded.html", {"result": result})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "web/office/onboard.html", {"form": form})


@require_http_methods(["GET", "POST"])
@office_required(PlatformPermission.MANAGE_STREET_OFFICES)
def street_offices(request):
    """Operators: street offices, their staff accounts, and the forms to make both."""
    offices = list(StreetOffice.objects.annotate(n=Count("communities", distinct=True)).order_by("name"))
    office_form = StreetOfficeForm(request.POST if request.POST.get("action") == "office" else None)
    staff_form = StaffAccountForm(
        request.POST if request.POST.get("action") == "staff" else None, offices=offices
    )
    created = None
    if request.method == "POST":
        try:
            if office_form.is_bound and office_form.is_valid():
                office = do_create_street_office(actor=request.staff, **office_form.cleaned_data)
                messages.success(request, _("Street office %(name)s made.") % {"name": office.name})
                return redirect("/office/street-offices/")
            if staff_form.is_bound and staff_form.is_valid():
                data = staff_form.cleaned_data
                created = do_create_street_office_staff(
                    actor=request.staff,
                    street_office_id=data["streetOfficeId"],
                    username=data["username"],
                    password=data["password"] or None,
                )
                staff_form = StaffAccountForm(offices=offices)
        except DomainError as error:
            add_domain_error(office_form if office_form.is_bound else staff_form, error)
    staff = StreetOfficeStaff.objects.select_related("user", "street_office").order_by(
        "street_office__name", "user__username"
    )
    response = render(
        request,
        "web/office/street_offices.html",
        {
            "offices": offices,
            "staff": staff,
            "office_form": office_form,
            "staff_form": staff_form,
            "created": created,
        },
    )
    if created is not None:
        response["Cache-Control"] = "no-store"  # a generated password is on this page
    return response
