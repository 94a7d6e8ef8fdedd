"""STAND-IN until webcore lands its sharepool/web/auth.py (delete on merge)."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from sharepool.tenants.ledger.actors import STAFF_ROLES
from sharepool.tenants.members.models import Member


def member_required(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        member = getattr(request.user, "member", None) if request.user.is_authenticated else None
        if member is None or member.status != Member.Status.ACTIVE:
            return redirect_to_login(request.get_full_path(), "/login/")
        request.member = member
        return view(request, *args, **kwargs)

    return wrapped


def staff_required(view):
    @member_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.member.role not in STAFF_ROLES:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
