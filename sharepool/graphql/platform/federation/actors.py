"""The federation actor of a request, from the context the endpoint built once (STYLE.md 5 and 7)."""

from django.utils.translation import gettext_lazy as _

from sharepool.graphql.core.context import CommunityContext, PlatformContext
from sharepool.graphql.core.errors import ApiError, ApiErrorCode
from sharepool.platform.federation.actors import (
    FederationActor,
    community_worker_actor,
    operator_actor,
    resident_actor,
    street_office_actor,
)
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission, has_permission


def federation_actor(context) -> FederationActor:
    if isinstance(context, PlatformContext):
        if context.organisation is not None:
            return context.organisation
        if context.staff is not None:
            user_id = context.staff.user.pk
            if context.staff.is_operator:
                return operator_actor(user_id)
            if context.staff.street_office_id is None:  # staff_actor() gives every other account an office
                raise ApiError(ApiErrorCode.PERMISSION_DENIED, _("You are not allowed to do this."))
            return street_office_actor(context.staff.street_office_id, user_id)
    if isinstance(context, CommunityContext) and context.member is not None:
        member = context.member
        if member.status != Member.Status.ACTIVE:
            raise ApiError(ApiErrorCode.PERMISSION_DENIED, _("You are not allowed to do this."))
        if has_permission(member, CommunityPermission.REPRESENT_COMMUNITY):
            return community_worker_actor(
                community_id=context.community.id, member_id=member.id, display_name=member.display_name
            )
        return resident_actor(
            community_id=context.community.id, member_id=member.id, display_name=member.display_name
        )
    raise ApiError(ApiErrorCode.AUTHENTICATION_REQUIRED, _("Sign in first."))
