"""Who a member is in the community (issue 13): party membership (an in-service party member with the day
they reported in), an employer or resident unit, a collective member's kind, through setMemberStanding's
domain function; a refusal is shown on the form, nothing written."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sharepool.core.errors import DomainError
from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.tenants.neighbourhood import reads as neighbourhood
from sharepool.tenants.neighbourhood.models import CommunityOrganisation, MemberStanding
from sharepool.tenants.neighbourhood.services import do_set_member_standing
from sharepool.web.errors import add_domain_error
from sharepool.web.staff.access import requires
from sharepool.web.staff.forms import MemberStandingForm
from sharepool.web.staff.members import member_or_404


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
