"""Who may open the console: the permissions of the domain's role table, read as the API reads them."""

import functools

from django.shortcuts import render

from sharepool.tenants.members.permissions import CommunityPermission, member_permissions
from sharepool.web.auth import member_required, permission_required

# Coordinators run their activities from the console; workers and admins hold the rest (members/permissions.py).
CONSOLE_PERMISSIONS = frozenset(
    {CommunityPermission.APPROVE_MEMBERS, CommunityPermission.ORGANISE_ACTIVITIES}
)


def console_required(view):
    """Any role with a staff permission; each page then asks for its own (`requires`)."""

    @functools.wraps(view)
    @member_required
    def checked(request, *args, **kwargs):
        held = member_permissions(request.member)
        if not held & CONSOLE_PERMISSIONS:
            return render(request, "web/forbidden.html", status=403)
        request.staff_permissions = held
        return view(request, *args, **kwargs)

    return checked


def requires(*permissions: str):
    """The permission(s) of the GraphQL operation the page stands beside, nothing more, nothing less."""

    def decorate(view):
        @functools.wraps(view)
        @permission_required(*permissions)
        def checked(request, *args, **kwargs):
            request.staff_permissions = member_permissions(request.member)
            return view(request, *args, **kwargs)

        return checked

    return decorate
