"""The approvals queue: approve an applicant, or reject them with a reason they see (issue 14).

approve and reject call the domain functions of approveMember and rejectMember, with their permission.
A refusal (an empty reason, an application already decided) is shown on the row's form, nothing written.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sharepool.core.errors import DomainError
from sharepool.core.paging import CountingPaginator
from sharepool.tenants.admission.services import do_approve_member, do_reject_member
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.web.errors import add_domain_error
from sharepool.web.staff.access import requires
from sharepool.web.staff.forms import ApproveForm, RejectForm, row_ids

PAGE_SIZE = 20


def waiting():
    """Applicants, the longest waiting first."""
    return (
        Member.objects.filter(status=Member.Status.PENDING)
        .select_related("building", "user")
        .order_by("applied_at", "id")
    )


def queue_page(request, *, failed: dict | None = None):
    """The queue; `failed` is {member_id: form} of a refused decision, shown on that applicant's row."""
    failed = failed or {}
    page = CountingPaginator(waiting(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "applicant": applicant,
            "reject_form": failed.get(applicant.id) or RejectForm(auto_id=row_ids(applicant.id)),
        }
        for applicant in page.object_list
    ]
    # A refusal about an applicant no longer on this page (decided meanwhile) is shown at the top.
    on_page = {row["applicant"].id for row in rows}
    elsewhere = [form for member_id, form in failed.items() if member_id not in on_page]
    context = {"page": page, "rows": rows, "elsewhere": elsewhere}
    return render(request, "staff/approvals.html", context)


@requires(P.APPROVE_MEMBERS)
def queue(request):
    return queue_page(request)


@require_POST
@requires(P.APPROVE_MEMBERS)
def approve(request, member_id: int):
    form = ApproveForm(request.POST)
    form.is_valid()
    try:
        member = do_approve_member(actor=request.member, member_id=member_id)
    except DomainError as error:
        add_domain_error(form, error)
        return queue_page(request, failed={member_id: form})
    messages.success(
        request,
        _("%(name)s is approved, member number %(number)s.")
        % {"name": member.display_name, "number": member.member_number},
    )
    return redirect("staff:approvals")


@require_POST
@requires(P.APPROVE_MEMBERS)
def reject(request, member_id: int):
    form = RejectForm(request.POST, auto_id=row_ids(member_id))
    if form.is_valid():
        try:
            member = do_reject_member(
                actor=request.member, member_id=member_id, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("%(name)s's application is rejected.") % {"name": member.display_name}
            )
            return redirect("staff:approvals")
    return queue_page(request, failed={member_id: form})
