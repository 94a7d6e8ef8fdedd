"""Signing in and out, and joining (issue 12). Each view: validate, one domain call, render or redirect."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import login as start_session
from django.contrib.auth import logout as end_session
from django.db.models import Case, Count, F, Q, When, Window
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sharepool.core.errors import DomainError
from sharepool.core.paging import CountingPaginator
from sharepool.credentials.addresses import client_address
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.services import account_of_member, default_credit_limit, transfers_of_account
from sharepool.tenants.members.services import (
    do_sign_in_member,
)
from sharepool.tenants.neighbourhood.reads import in_service_tally
from sharepool.tenants.neighbourhood.services import do_register_resident, do_update_resident_profile
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.notifications.services import (
    do_mark_notifications_read,
    do_set_notification_preference,
    preferences_of,
)
from sharepool.tenants.recognition.services import recognitions
from sharepool.tenants.stats.services import member_hours
from sharepool.web.account.forms import (
    JoinForm,
    LoginForm,
    MarkReadForm,
    NotificationPreferenceForm,
    ProfileForm,
)
from sharepool.web.auth import member_required
from sharepool.web.errors import add_domain_error
from sharepool.web.fragments import shown_values
from sharepool.web.views import safe_next

TRANSFERS_PER_PAGE = 20
NOTIFICATIONS_PER_PAGE = 20


@require_http_methods(["GET", "POST"])
def login(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = do_sign_in_member(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                address=client_address(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            start_session(request, member.user)
            return redirect(safe_next(request))
    return render(request, "web/account/login.html", {"form": form, "next": safe_next(request)})


@require_http_methods(["GET", "POST"])
def logout(request):
    if request.method == "POST":
        end_session(request)
        return redirect("/")
    return render(request, "web/account/logout.html")


@require_http_methods(["GET", "POST"])
def join(request):
    """The application form; once applied (or signed in), the application's state."""
    if request.membership is not None:
        return render(request, "web/account/application.html", {"applicant": request.membership})
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = do_register_resident(
                username=data["username"],
                password=data["password"],
                display_name=data["displayName"],
                phone=data["phone"],
                building=data["building"],
                unit=data["unit"],
                skills=data["skills"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # Signed in at once, so the applicant can come back and follow the application.
            start_session(request, member.user)
            return redirect("/join/")
    return render(request, "web/account/join.html", {"form": form})


# ---------------------------------------------------------------------------------------------
# My account


def my_account(member) -> Account | None:
    # Accounts open on a member's first movement (ledger.member_account_ids): none yet means nothing moved.
    return account_of_member(member.id)


@dataclass(frozen=True)
class Movement:
    """A transfer as the member sees it: in or out of their account, and with whom."""

    transfer: Transfer
    incoming: bool
    counterpart: str


def profile_key(profile: ProfileForm) -> tuple:
    """What the profile form shows: whether it was sent back, and each field's value, the member's own or what
    they sent, from which its errors follow (the form's {% cache %} key in me.html, with the language)."""
    return (profile.is_bound, [profile[name].value() for name in profile.fields])


# What each cached list's rows show (web/fragments.shown_values): the movements' table (movements.html), the
# rows of notification preferences (me.html) and the messages (notification_item.html).
MOVEMENT_SHOWS = (
    "transfer.id",
    "transfer.created_at",
    "transfer.kind",
    "transfer.amount",
    "incoming",
    "counterpart",
)
PREFERENCE_SHOWS = ("kind", "in_app", "by_email")
NOTIFICATION_SHOWS = ("id", "body", "link", "created", "read_at")


def movement(transfer: Transfer, account_id: int) -> Movement:
    """The transfer as movements() read it, with its counterpart's name or account kind."""
    name, kind = transfer.counterpart_name, transfer.counterpart_kind  # type: ignore[attr-defined]
    counterpart = name if name is not None else str(Account.Kind(kind).label)
    return Movement(transfer=transfer, incoming=transfer.credit_id == account_id, counterpart=counterpart)


def movements(account: Account | None):
    """The account's transfers, each with the other side's member name (None for an account of the community)
    and account kind: two values read in the same statement, where loading both accounts and their members
    made four model instances a row, most of /me/transfers/' cost (issue 12)."""
    if account is None:
        return Transfer.objects.none()
    incoming = Q(credit_id=account.id)
    return (
        transfers_of_account(account.id)
        .select_related(None)
        .annotate(
            counterpart_name=Case(
                When(incoming, then=F("debit__member__display_name")),
                default=F("credit__member__display_name"),
            ),
            counterpart_kind=Case(When(incoming, then=F("debit__kind")), default=F("credit__kind")),
        )
    )


@member_required
@require_http_methods(["GET", "POST"])
def me(request):
    """Balance, credit line, hours given and received, the latest movements, profile and preferences.
    POST: the profile form (`updateProfile`)."""
    member = request.member
    profile = ProfileForm(
        request.POST or None,
        initial={
            "building": member.building.name if member.building_id else "",
            "unit": member.unit,
            "skills": member.skills,
        },
    )
    if request.method == "POST" and profile.is_valid():
        try:
            do_update_resident_profile(member_id=member.id, **profile.cleaned_data)
        except DomainError as error:
            add_domain_error(profile, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("/me/")
    account = my_account(member)
    latest = [movement(t, account.id) for t in movements(account)[:5]] if account else []
    preferences = preferences_of(member_id=member.id)
    context = {
        "account": account,
        "hours": member_hours(member.id),
        "latest": latest,
        "latest_key": shown_values(latest, MOVEMENT_SHOWS),
        "default_credit_limit": default_credit_limit() if account is None else None,
        "profile": profile,
        "profile_key": profile_key(profile),
        "preferences": preferences,
        "preferences_key": shown_values(preferences, PREFERENCE_SHOWS),
        "recognitions": list(recognitions(member_id=member.id)[:10]),
        # 在职党员报到: their own tally, one query, and only for them (the standing came with the member).
        "in_service": in_service_tally(
            getattr(member, "standing", None), year_start=timezone.localdate().replace(month=1, day=1)
        ),
    }
    return render(request, "web/account/me.html", context, status=400 if profile.errors else 200)


@member_required
@require_POST
def set_notification_preference(request):
    form = NotificationPreferenceForm(request.POST)
    if form.is_valid():
        try:
            do_set_notification_preference(
                member_id=request.member.id,
                kind=form.cleaned_data["kind"],
                in_app=form.cleaned_data["inApp"],
                by_email=form.cleaned_data["byEmail"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your choice is saved."))
    return redirect("/me/#notifications")


@member_required
def transfers(request):
    """Every movement of the member's hours, newest first, a page at a time."""
    account = my_account(request.member)
    page = CountingPaginator(movements(account), TRANSFERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [movement(t, account.id) for t in page] if account else []
    context = {"account": account, "page": page, "rows": rows, "rows_key": shown_values(rows, MOVEMENT_SHOWS)}
    return render(request, "web/account/transfers.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    member = request.member
    if request.method == "POST":
        form = MarkReadForm(request.POST)
        ids = None
        if form.is_valid():
            ids = form.cleaned_data["ids"] or None
            do_mark_notifications_read(member_id=member.id, notification_ids=ids)
        if request.headers.get("HX-Request") and ids:
            # htmx marked one item: send back that item, now read (the page works without it too).
            notification = Notification.objects.filter(member_id=member.id, id__in=ids).first()
            return render(request, "web/account/notification_item.html", {"notification": notification})
        return redirect(safe_next(request, "/notifications/"))
    rows = Notification.objects.filter(member_id=member.id, in_app=True).order_by("-created", "-id")
    # How many are unread, counted over all of them beside the page's rows: one statement, not a second COUNT.
    rows = rows.annotate(unread_in_all=Window(Count("id", filter=Q(read_at__isnull=True))))
    page = CountingPaginator(rows, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    unread = page[0].unread_in_all if page.object_list else 0  # no row: no message at all
    context = {"page": page, "unread": unread, "rows_key": shown_values(page, NOTIFICATION_SHOWS)}
    return render(request, "web/account/notifications.html", context)
