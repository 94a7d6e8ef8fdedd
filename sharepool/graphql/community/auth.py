"""The credential of a community host's request, checked against that community (STYLE.md 5).

Member tokens live in the community's own schema, so a token issued on another host is simply not
found here; a session was already tied to its schema by SessionBelongsToTenantMiddleware.
"""

from sharepool.graphql.core.auth import bearer_token, invalid_token
from sharepool.graphql.core.context import CommunityContext
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import member_permissions
from sharepool.tenants.members.services import MAY_SIGN_IN, member_for_token


def build_community_context(request) -> CommunityContext:
    text = bearer_token(request)
    member, token = None, None
    if text is not None:
        found = member_for_token(text)
        if found is None:
            raise invalid_token()
        member, token = found
    elif request.user.is_authenticated:
        member = (
            Member.objects.filter(user=request.user, status__in=MAY_SIGN_IN).select_related("user").first()
        )
    return CommunityContext(
        request=request,
        permissions=member_permissions(member),
        community=request.community,
        member=member,
        token=token,
    )
