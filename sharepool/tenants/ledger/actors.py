"""Who is acting, and for whom (issue 4: community workers act for members without a smartphone).

Services take member ids and load them here, in the current schema only: an id from another community's
schema is simply not found, whatever its number.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sharepool.core.rows import row_by_id
from sharepool.tenants.ledger.errors import ActorError, ActorErrorCode
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission, has_permission


@dataclass(frozen=True)
class Acting:
    actor: Member  # who pressed the button
    party: Member  # whose act it is: the actor, or the member a worker acts for
    on_behalf: bool


def load_active_member(member_id: int, field: str = "memberId") -> Member:
    member = row_by_id(Member, member_id)
    if member is None:
        raise ActorError(ActorErrorCode.MEMBER_NOT_FOUND, _("No such member in this community."), field=field)
    if member.status != Member.Status.ACTIVE:
        raise ActorError(ActorErrorCode.MEMBER_NOT_ACTIVE, _("This member is not active."), field=field)
    return member


def require_permission(member: Member, permission: CommunityPermission) -> None:
    """The community's permission table (tenants/members/permissions.py) decides; refused, it is typed."""
    if not has_permission(member, permission):
        raise ActorError(ActorErrorCode.NOT_PERMITTED, _("You are not allowed to do this."))


def load_acting(actor_id: int, on_behalf_of_id: int | None = None) -> Acting:
    actor = load_active_member(actor_id, field="actor")
    if on_behalf_of_id is None or on_behalf_of_id == actor_id:
        return Acting(actor=actor, party=actor, on_behalf=False)
    # Only community workers act for someone else, and it is recorded as such.
    require_permission(actor, CommunityPermission.ACT_FOR_MEMBERS)
    return Acting(actor=actor, party=load_active_member(on_behalf_of_id, field="onBehalfOf"), on_behalf=True)
