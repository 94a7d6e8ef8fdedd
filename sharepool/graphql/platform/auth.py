"""The credential of a platform-host request: a staff or organisation token from the public schema, or the session."""

from sharepool.graphql.core.auth import bearer_token, invalid_token
from sharepool.graphql.core.context import PlatformContext
from sharepool.platform.accounts.actors import StaffActor, staff_actor
from sharepool.platform.accounts.models import StaffToken
from sharepool.platform.accounts.permissions import staff_permissions
from sharepool.platform.accounts.services import staff_for_token
from sharepool.platform.federation.tokens import is_organisation_token, organisation_for_token


def build_platform_context(request) -> PlatformContext:
    text = bearer_token(request)
    actor: StaffActor | None = None
    token: StaffToken | None = None
    if text is not None and is_organisation_token(text):
        organisation_found = organisation_for_token(text)
        if organisation_found is None:
            raise invalid_token()
        organisation, organisation_token = organisation_found
        return PlatformContext(
            request=request,
            permissions=frozenset(),
            organisation=organisation,
            organisation_token=organisation_token,
        )
    if text is not None:
        found = staff_for_token(text)
        if found is None:
            raise invalid_token()
        actor, token = found
    elif request.user.is_authenticated:
        actor = staff_actor(request.user)
    return PlatformContext(request=request, permissions=staff_permissions(actor), staff=actor, token=token)
