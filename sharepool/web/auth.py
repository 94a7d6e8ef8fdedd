"""Who is signed in on a community host, resolved once per request (issue 12).

- `request.member`: the signed-in, approved (active) member of this community, or None.
- `request.membership`: the signed-in member whatever their state (an applicant waiting for approval,
  or rejected, too), or None. Pages use `request.member`; only the application's own page reads `membership`.

The session was already tied to this community's schema by SessionBelongsToTenantMiddleware, and the
member is looked up in the current schema only, so another community's session finds no one here.
"""

import functools
from urllib.parse import urlencode

from django.shortcuts import redirect, render

from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission, member_permissions
from sharepool.tenants.members.services import MAY_SIGN_IN

# The session an applicant started by applying outlives a rejection: they come back to read the reason.
SEES_THEIR_APPLICATION = (*MAY_SIGN_IN, Member.Status.REJECTED)


def signed_in_membership(request) -> Member | None:
    if getattr(request, "community", None) is None or not request.user.is_authenticated:
        return None
    try:
        # Read with the user, and with who they are in the neighbourhood (sharepool/credentials/backends.py).
        member = request.user.member
    except Member.DoesNotExist:
        return None
    return member if member.status in SEES_THEIR_APPLICATION else None


class MemberMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        membership = signed_in_membership(request)
        request.membership = membership
        active = membership is not None and membership.status == Member.Status.ACTIVE
        request.member = membership if active else None
        return self.get_response(request)


def login_url(request) -> str:
    return "/login/?" + urlencode({"next": request.get_full_path()})


def member_required(view):
    """An approved member only: a visitor is sent to sign in, an applicant sees their application's state."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if request.member is not None:
            return view(request, *args, **kwargs)
        if request.membership is not None:  # signed in, not yet approved
            return render(request, "web/account/application.html", {"applicant": request.membership})
        return redirect(login_url(request))

    return checked


def permission_required(*permissions: str):
    """The same check as a GraphQL operation's `permissions = (...)`: the role table of the domain
    (tenants/members/permissions.py) read for the signed-in member."""

    def decorate(view):
        @functools.wraps(view)
        @member_required
        def checked(request, *args, **kwargs):
            if set(permissions) - member_permissions(request.member):
                return render(request, "web/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return checked

    return decorate


# Community workers: the permissions only workers and admins hold (approving members among them).
staff_required = permission_required(CommunityPermission.APPROVE_MEMBERS)
