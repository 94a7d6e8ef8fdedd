"""A worker issues a member's volunteer-hour certificate from the member's page (issue 14): the same form
and domain call as the member's own on /me/ (web/account/certificates.py)."""

from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.web.account.certificates import issue_form
from sharepool.web.staff.access import requires
from sharepool.web.staff.members import member_or_404


@requires(P.ISSUE_CERTIFICATES)
def issue(request, member_id: int):
    member = member_or_404(member_id)
    return issue_form(
        request, member_id=member.id, template="staff/certificate.html", context={"subject": member}
    )
