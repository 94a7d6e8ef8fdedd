"""Roles and settings of the community (issue 14), for its admin (and workers where the table says so).

Appointments call `do_assign_role` (assignRole, issue 13); the check-in window `do_set_check_in_window`
(setCheckInWindow); the auto-confirmation delay `do_set_auto_confirm_days` (setAutoConfirmDelay); the
milestones `do_set_milestones` (setMilestones). The
default credit line keeps its own page (ledger tools). Each domain call checks the permission and writes
the audit entry; a refusal is shown on the form, nothing written."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sharepool.core.errors import DomainError
from sharepool.core.ids import parse_id
from sharepool.tenants.activities.services import check_in_opens_minutes, do_set_check_in_window
from sharepool.tenants.members.models import CommunitySettings, Member
from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.tenants.neighbourhood.models import Building
from sharepool.tenants.neighbourhood.reads import building_heads
from sharepool.tenants.neighbourhood.services import do_assign_role
from sharepool.tenants.timebank.community_settings import do_set_auto_confirm_days, do_set_milestones
from sharepool.web.errors import add_domain_error
from sharepool.web.staff.access import console_required, requires
from sharepool.web.staff.audit_labels import latest_about
from sharepool.web.staff.forms import AppointForm, AutoConfirmForm, MilestonesForm, SettingsMinutesForm


def building_choices() -> list[tuple[int, str]]:
    return [
        (building.id, f"{building.estate.name} {building.name}" if building.estate else building.name)
        for building in Building.objects.select_related("estate").order_by("estate__name", "name", "id")
    ]


def roles_page(request, form: AppointForm | None = None, *, error: str = "", status: int = 200):
    context = {
        "error": error,
        "form": form or AppointForm(buildings=building_choices()),
        "workers": Member.objects.filter(role=Member.Role.WORKER, status=Member.Status.ACTIVE).order_by(
            "display_name", "id"
        ),
        "coordinators": Member.objects.filter(
            role=Member.Role.COORDINATOR, status=Member.Status.ACTIVE
        ).order_by("display_name", "id"),
        "heads": building_heads(current=True).prefetch_related("buildings"),
    }
    return render(request, "staff/roles.html", context, status=status)


@requires(P.ASSIGN_ROLES)
def roles(request):
    if request.method != "POST":
        return roles_page(request)
    form = AppointForm(request.POST, buildings=building_choices())
    if form.is_valid():
        data = form.cleaned_data
        member = Member.objects.filter(member_number=data["memberNumber"]).first()
        try:
            do_assign_role(
                actor=request.member,
                # No member with this number: the domain's member_not_found, as for an unknown id.
                member_id=member.id if member else 0,
                role=data["role"],
                building_ids=data["buildingIds"],
            )
        except DomainError as error:
            if error.field == "memberId":
                form.add_error("memberNumber", str(error.message))
            else:
                add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s is appointed.") % {"name": member.display_name})
            return redirect("staff:roles")
    return roles_page(request, form, status=400)


@require_POST
@requires(P.ASSIGN_ROLES)
def remove_role(request):
    try:
        member = do_assign_role(
            actor=request.member,
            member_id=parse_id(request.POST.get("memberId")) or 0,
            role=request.POST.get("role", ""),
            remove=True,
        )
    except DomainError as error:
        return roles_page(request, error=str(error.message), status=400)
    messages.success(request, _("%(name)s no longer holds the role.") % {"name": member.display_name})
    return redirect("staff:roles")


def joined(numbers) -> str:
    return ", ".join(str(number) for number in numbers)


def settings_page(
    request, *, check_in_form=None, auto_confirm_form=None, milestones_form=None, status: int = 200
):
    settings = CommunitySettings.load()
    held = request.staff_permissions
    context = {
        "settings": settings,
        "check_in_form": check_in_form or SettingsMinutesForm(initial={"minutes": check_in_opens_minutes()}),
        "auto_confirm_form": auto_confirm_form
        or AutoConfirmForm(initial={"days": settings.auto_confirm_days}),
        "may_set_check_in": P.SET_ACTIVITY_RULES in held,
        "may_set_community_settings": P.SET_COMMUNITY_SETTINGS in held,
        "may_set_default_credit": P.SET_DEFAULT_CREDIT_LIMIT in held,
        "changes": latest_about("communitysettings", settings.id) if P.VIEW_AUDIT_LOG in held else None,
        "milestones_form": milestones_form
        or MilestonesForm(
            initial={
                "hours": joined(settings.hours_milestones),
                "memberNumbers": joined(settings.member_number_milestones),
            }
        ),
    }
    return render(request, "staff/settings.html", context, status=status)


@console_required
def community_settings(request):
    return settings_page(request)


@require_POST
@requires(P.SET_ACTIVITY_RULES)
def set_check_in_window(request):
    form = SettingsMinutesForm(request.POST)
    if form.is_valid():
        try:
            do_set_check_in_window(actor_id=request.member.id, minutes=form.cleaned_data["minutes"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The check-in window is set."))
            return redirect("staff:settings")
    return settings_page(request, check_in_form=form, status=400)


@require_POST
@requires(P.SET_COMMUNITY_SETTINGS)
def set_auto_confirm_delay(request):
    form = AutoConfirmForm(request.POST)
    if form.is_valid():
        try:
            do_set_auto_confirm_days(actor_id=request.member.id, days=form.cleaned_data["days"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The auto-confirmation delay is set."))
            return redirect("staff:settings")
    return settings_page(request, auto_confirm_form=form, status=400)


@require_POST
@requires(P.SET_COMMUNITY_SETTINGS)
def set_milestones(request):
    form = MilestonesForm(request.POST)
    if form.is_valid():
        try:
            do_set_milestones(
                actor_id=request.member.id,
                hours=form.cleaned_data["hours"],
                member_numbers=form.cleaned_data["memberNumbers"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The milestones are set."))
            return redirect("staff:settings")
    return settings_page(request, milestones_form=form, status=400)
