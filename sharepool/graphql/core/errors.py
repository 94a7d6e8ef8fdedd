"""Errors of the API itself, and how every error is shown to a client (STYLE.md 4).

Expected failures of an operation come back on the mutation payload as `errors { field code message }`;
failures of the request (malformed, too deep, bad credentials) come back as GraphQL errors whose
`extensions.code` is one of ApiErrorCode, with a 4xx status.
"""

import importlib
import importlib.util
import logging
import pkgutil
from enum import StrEnum

import graphene
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from graphql import GraphQLError, GraphQLFormattedError

from sharepool.core.errors import DomainError

logger = logging.getLogger(__name__)


class ApiErrorCode(StrEnum):
    AUTHENTICATION_REQUIRED = "authentication_required"
    PERMISSION_DENIED = "permission_denied"
    TOKEN_INVALID = "token_invalid"
    CSRF_FAILED = "csrf_failed"
    COMMUNITY_SUSPENDED = "community_suspended"
    PAGINATION_INVALID = "pagination_invalid"
    # The request itself (HTTP 4xx)
    METHOD_NOT_ALLOWED = "method_not_allowed"
    UNSUPPORTED_CONTENT_TYPE = "unsupported_content_type"
    MALFORMED_REQUEST = "malformed_request"
    INVALID_JSON = "invalid_json"
    DOCUMENT_TOO_LARGE = "document_too_large"
    BATCH_TOO_LARGE = "batch_too_large"
    GRAPHQL_PARSE_FAILED = "graphql_parse_failed"
    GRAPHQL_VALIDATION_FAILED = "graphql_validation_failed"
    QUERY_TOO_DEEP = "query_too_deep"
    TOO_MANY_ALIASES = "too_many_aliases"
    QUERY_TOO_COSTLY = "query_too_costly"
    INTROSPECTION_DISABLED = "introspection_disabled"
    INTERNAL_ERROR = "internal_error"
    # The database is away (HTTP 503 with Retry-After): ask again in a few seconds (issue #10).
    UNAVAILABLE = "unavailable"


class ApiError(DomainError):
    pass


# Modules outside any app's errors.py that define codes.
CODE_MODULES = ("sharepool.core.errors", "sharepool.core.text", "sharepool.graphql.core.errors")


def error_code_enums() -> list[type[StrEnum]]:
    """Every `<Area>ErrorCode` StrEnum: those above and each app's errors.py (STYLE.md 4).

    Read from the modules rather than listed by hand, so that a new area's codes reach the schema
    (and the committed SDL) without anyone remembering to add them.
    """
    import sharepool.platform
    import sharepool.tenants

    names = list(CODE_MODULES)
    for side in (sharepool.platform, sharepool.tenants):
        for app in pkgutil.iter_modules(side.__path__, f"{side.__name__}."):
            if app.ispkg and importlib.util.find_spec(f"{app.name}.errors") is not None:
                names.append(f"{app.name}.errors")
    enums = []
    for name in names:
        module = importlib.import_module(name)
        enums += [
            value
            for attribute, value in vars(module).items()
            if attribute.endswith("ErrorCode")
            and isinstance(value, type)
            and issubclass(value, StrEnum)
            and value.__module__ == name
        ]
    return enums


def error_code_type() -> type[graphene.Enum]:
    """One GraphQL enum of every code: a value is the code itself (`not_permitted`), as clients read it."""
    codes = sorted({str(code) for enum in error_code_enums() for code in enum})
    return graphene.Enum(
        "ErrorCode",
        [(code, code) for code in codes],
        description="The stable code of an expected failure. Removing or renaming one breaks clients.",
    )


ErrorCode = error_code_type()


class Error(graphene.ObjectType):
    """An expected failure of a mutation: which input field, a stable code, a message in the request's language."""

    field = graphene.String(description="The input field at fault, or null for the operation as a whole.")
    code = graphene.Field(ErrorCode, required=True, description="A stable code to branch on.")
    message = graphene.String(required=True, description="For people, in the request's language.")


def error_payload(error: DomainError) -> Error:
    return Error(field=error.field, code=str(error.code), message=str(error.message))


def request_error(code: ApiErrorCode, message) -> dict:
    return {"message": str(message), "extensions": {"code": str(code)}}


def format_execution_error(error: GraphQLError) -> GraphQLFormattedError:
    """A resolver's error: a DomainError keeps its code; anything unexpected is logged and hidden."""
    original = error.original_error
    if error.path is None:  # nothing ran: a variable of the wrong type, an unknown operation name
        formatted = error.formatted
        formatted["extensions"] = {"code": str(ApiErrorCode.GRAPHQL_VALIDATION_FAILED)}
        return formatted
    if original is None:
        return error.formatted
    if isinstance(original, DomainError):
        formatted = error.formatted
        formatted["message"] = str(original.message)
        formatted["extensions"] = {"code": str(original.code)}
        if original.field:
            formatted["extensions"]["field"] = original.field
        return formatted
    logger.error("GraphQL resolver failed", exc_info=original)
    formatted = error.formatted
    formatted["message"] = str(error) if settings.DEBUG else str(_("Internal error."))
    formatted["extensions"] = {"code": str(ApiErrorCode.INTERNAL_ERROR)}
    return formatted
