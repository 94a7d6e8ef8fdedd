"""Appointments and standing (issue 13): the admin appoints a member coordinator, worker or building head, or removes
them, through the domain function of assignRole, which checks the permission again and writes the audit
entry in the same transaction; a refusal is shown on the form, nothing written. The member's standing (party membership, employer, collective kind) goes through
setMemberStanding's domain function in the same way."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sharepool.core.errors import DomainError
from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.tenants.neighbourhood import reads as neighbourhood
from sharepool.tenants.neighbourhood.models import CommunityOrganisation, MemberStanding
from sharepool.tenants.neighbourhood.services import do_assign_role, do_set_member_standing
from sharepool.web.errors import add_domain_error
from sharepool.web.staff.access import requires
from sharepool.web.staff.forms import AssignRoleForm, MemberStandingForm
from sharepool.web.staff.members import member_or_404


@requires(P.ASSIGN_ROLES)
def assign_role(request, member_id: int):
    member = member_or_404(member_id)
    buildings = [(b.id, f"{b.estate.name} {b.name}") for b in neighbourhood.buildings()]
    form = AssignRoleForm(request.POST or None, buildings=buildings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_assign_role(
                actor=request.member,
                member_id=member.id,
                role=data["role"],
                remove=data["remove"],
                building_ids=data["buildingIds"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The appointment is recorded."))
            return redirect("staff:member", member.id)
    return render(request, "staff/assign_role.html", {"subject": member, "form": form})


@requires(P.MANAGE_NEIGHBOURHOOD)
def member_standing(request, member_id: int):
    """Who the member is in the community (setMemberStanding): party membership, employer, collective kind."""
    member = member_or_404(member_id)
    standing = MemberStanding.objects.filter(member=member).first()
    initial = (
        {
            "party": standing.party,
            "reportedInOn": standing.reported_in_on,
            "employerId": standing.employer_id,
            "collectiveKind": standing.collective_kind,
        }
        if standing
        else {}
    )
    employers = [
        (o.id, o.name) for o in neighbourhood.organisations(kind=CommunityOrganisation.Kind.RESIDENT_UNIT)
    ]
    form = MemberStandingForm(request.POST or None, initial=initial, employers=employers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_set_member_standing(
                actor=request.member,
                member_id=member.id,
                party=data["party"],
                reported_in_on=data["reportedInOn"],
                employer_id=data["employerId"],
                collective_kind=data["collectiveKind"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Who the member is in the community is recorded."))
            return redirect("staff:member", member.id)
    return render(request, "staff/member_standing.html", {"subject": member, "form": form})
