"""Whether the layout shows the way into the console: the role table read, no query (issue 14)."""

from sharepool.tenants.members.permissions import member_permissions
from sharepool.web.staff.access import CONSOLE_PERMISSIONS


def console(request) -> dict:
    member = getattr(request, "member", None)
    return {"staff_console": bool(member_permissions(member) & CONSOLE_PERMISSIONS)}
