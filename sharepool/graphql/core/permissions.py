"""Permissions are declared where an operation is declared and checked here, in one place (STYLE.md 3).

- A query field: `@requires(Permission.X)` on its resolver.
- A mutation: `permissions = (Permission.X,)` on its class (see core/mutations.py).
`SIGNED_IN` asks only for a signed-in identity. The role -> permission table lives in the domain
(tenants/members/permissions.py, platform/accounts/permissions.py).
"""

import functools

from django.utils.translation import gettext_lazy as _

from sharepool.graphql.core.errors import ApiError, ApiErrorCode

SIGNED_IN = "signed_in"


def check_permissions(context, required) -> None:
    if not required:
        return
    if not context.is_authenticated:
        raise ApiError(ApiErrorCode.AUTHENTICATION_REQUIRED, _("Sign in first."))
    missing = set(required) - {SIGNED_IN} - context.permissions
    if missing:
        raise ApiError(ApiErrorCode.PERMISSION_DENIED, _("You are not allowed to do this."))


def requires(*permissions):
    def decorate(resolver):
        @functools.wraps(resolver)
        def checked(root, info, **arguments):
            check_permissions(info.context, permissions)
            return resolver(root, info, **arguments)

        checked.required_permissions = permissions
        return checked

    return decorate
