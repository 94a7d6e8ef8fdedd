"""Who is signed in on the platform host's /office/ (issue 14): street-office staff and operators.

Their accounts live in the public schema (platform/accounts); the session is the platform host's own, so
a community's session or member never reaches here. `office_required(permission)` asks the platform's
table (platform/accounts/permissions.py), the same one the platform's GraphQL operations declare.
"""

import functools
from urllib.parse import urlencode

from django.shortcuts import redirect, render

from sharepool.platform.accounts.actors import StaffActor, staff_actor
from sharepool.platform.accounts.permissions import staff_permissions
from sharepool.platform.federation.actors import FederationActor, operator_actor, street_office_actor

LOGIN_PATH = "/office/login/"


def office_login_url(request) -> str:
    return LOGIN_PATH + "?" + urlencode({"next": request.get_full_path()})


def office_required(*permissions: str):
    """Signed-in platform staff holding the permissions; a visitor is sent to sign in, anyone else (a
    platform account that is neither operator nor staff) sees the forbidden page."""

    def decorate(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            actor = staff_actor(request.user) if request.community is None else None
            if actor is None:
                if request.user.is_authenticated:
                    return render(request, "web/forbidden.html", status=403)
                return redirect(office_login_url(request))
            if set(permissions) - staff_permissions(actor):
                return render(request, "web/forbidden.html", status=403)
            request.staff = actor
            return view(request, *args, **kwargs)

        return checked

    return decorate


def federation_actor_of(actor: StaffActor) -> FederationActor:
    """The same actor the platform's GraphQL builds for a staff account (graphql/platform/federation)."""
    if actor.is_operator:
        return operator_actor(actor.user.pk)
    assert actor.street_office_id is not None
    return street_office_actor(actor.street_office_id, actor.user.pk)
