"""Reading the credential of a request: `Authorization: Bearer <token>` or the session cookie."""

from django.utils.translation import gettext_lazy as _

from sharepool.graphql.core.errors import ApiError, ApiErrorCode


def bearer_token(request) -> str | None:
    """The token text of an Authorization header, None without one; a malformed header is refused."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _space, text = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not text.strip():
        raise ApiError(ApiErrorCode.TOKEN_INVALID, _("Send the token as: Authorization: Bearer <token>."))
    return text.strip()


def invalid_token() -> ApiError:
    # One answer for unknown, expired, revoked and another community's token: nothing to probe.
    return ApiError(ApiErrorCode.TOKEN_INVALID, _("This token is not valid here. Sign in again."))
