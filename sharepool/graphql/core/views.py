"""The `/graphql/` endpoint, one instance per schema (community hosts, the platform host).

The request is checked step by step, each failure a 4xx with a GraphQL error and never a 500:
method and content type -> body size -> JSON -> batch size -> credential -> CSRF when the credential is
the session cookie -> the cost of the whole request (core/limits.py) -> each document's size, syntax and
validation (cached, core/documents.py) -> execution.
"""

import json
import logging

import graphene
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, RequestDataTooBig
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView as GraphiQLView
from graphql import ExecutionResult, GraphQLSchema, execute

from sharepool.core.errors import DomainError
from sharepool.graphql.core import limits
from sharepool.graphql.core.arguments import prepared_arguments_middleware
from sharepool.graphql.core.documents import parse_and_validate
from sharepool.graphql.core.errors import ApiErrorCode, format_execution_error, request_error
from sharepool.graphql.core.loaders import BatchingExecutionContext
from sharepool.platform.health import RETRY_AFTER_SECONDS, database_unavailable

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = limits.MAX_DOCUMENT_BYTES * limits.MAX_BATCH + 16 * 1024  # documents plus their variables


class DatabaseUnavailable(Exception):
    """A resolver lost the database; the whole request answers 503 (issue #10)."""


# The deepest JSON a request may hold. No operation's input nests more than a few levels; past this,
# later steps that walk values recursively could exhaust Python's stack (a 500) instead.
MAX_JSON_DEPTH = 32


def json_depth(value) -> int:
    """How deeply lists and objects nest in a parsed JSON value, walked without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth <= MAX_JSON_DEPTH:  # deeper is refused anyway: stop counting
            stack.extend((child, depth + 1) for child in children)
    return deepest


def too_deep_json() -> "RequestRefused":
    return RequestRefused(
        400,
        ApiErrorCode.INVALID_JSON,
        _("The JSON is nested more than %(max)d levels deep.") % {"max": MAX_JSON_DEPTH},
    )


class RequestRefused(Exception):
    def __init__(self, status: int, code: ApiErrorCode, message, extra_errors=()):
        super().__init__(code)
        self.status = status
        self.errors = [request_error(code, message), *extra_errors]


def json_response(payload, status: int = 200) -> HttpResponse:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def unavailable_response() -> HttpResponse:
    """503 `unavailable` with Retry-After: the database is away; nothing was answered from it."""
    message = _("The service is briefly unavailable. Please try again in a few seconds.")
    response = json_response({"errors": [request_error(ApiErrorCode.UNAVAILABLE, message)]}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def internal_error_response() -> HttpResponse:
    """An unexpected failure outside any resolver: the same JSON shape as every other error."""
    return json_response(
        {"errors": [request_error(ApiErrorCode.INTERNAL_ERROR, _("Internal error."))]}, status=500
    )


@method_decorator(csrf_exempt, name="dispatch")  # enforced below when the session cookie is the credential
class GraphQLEndpoint(View):
    schema: graphene.Schema | None = None
    middleware = ()  # graphql-core middlewares of this schema, run inside the shared argument preparation
    build_context = None  # request -> RequestContext; raises DomainError for a credential refused here

    @property
    def graphql_schema(self) -> GraphQLSchema:
        """graphql-core's schema of the graphene one given to as_view()."""
        if self.schema is None:
            raise ImproperlyConfigured("GraphQLEndpoint.as_view() needs a schema")
        return self.schema.graphql_schema

    def get(self, request):
        wants_page = "text/html" in request.headers.get("Accept", "") and set(request.GET) <= {"lang"}
        if settings.DEBUG and wants_page:
            # graphene-django's view only renders the GraphiQL page here (no parameters that would make it
            # execute); GraphiQL then POSTs to this endpoint like any client.
            return GraphiQLView.as_view(schema=self.schema, graphiql=True)(request)
        return json_response(
            {"errors": [request_error(ApiErrorCode.METHOD_NOT_ALLOWED, _("Send GraphQL requests as POST."))]},
            status=405,
        )

    def post(self, request):
        try:
            operations, batched = self.read_operations(request)
            context = self.authenticate(request)
            parsed = [self.parse(operation) for operation in operations]
            self.check_cost(operations, parsed)
            results = [
                self.run(context, operation, *found)
                for operation, found in zip(operations, parsed, strict=True)
            ]
        except RequestRefused as refused:
            return json_response({"errors": refused.errors}, status=refused.status)
        except (DatabaseError, DatabaseUnavailable) as error:
            if not (isinstance(error, DatabaseUnavailable) or database_unavailable(error)):
                raise
            # Reported (Sentry takes ERROR logs) and answered like every other request error.
            logger.error("GraphQL request without a database", exc_info=error)
            return unavailable_response()
        status = max(result_status for _payload, result_status in results)
        payloads = [payload for payload, _status in results]
        return json_response(payloads if batched else payloads[0], status=status)

    def read_operations(self, request) -> tuple[list[dict], bool]:
        if request.content_type != "application/json":
            raise RequestRefused(
                415, ApiErrorCode.UNSUPPORTED_CONTENT_TYPE, _("Send the request as application/json.")
            )
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        too_large = RequestRefused(400, ApiErrorCode.DOCUMENT_TOO_LARGE, _("The request is too large."))
        if declared > MAX_BODY_BYTES:  # refused before reading it
            raise too_large
        try:
            raw = request.body
        except RequestDataTooBig:  # a body sent without a length, over Django's own limit
            raise too_large from None
        if len(raw) > MAX_BODY_BYTES:
            raise too_large
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise RequestRefused(
                400, ApiErrorCode.MALFORMED_REQUEST, _("The body is not valid JSON.")
            ) from None
        except RecursionError:  # Python's parser recurses per level: "[" * 5000 (issue 10)
            raise too_deep_json() from None
        if json_depth(body) > MAX_JSON_DEPTH:
            raise too_deep_json()
        batched = isinstance(body, list)
        operations = body if batched else [body]
        if batched and not 1 <= len(operations) <= limits.MAX_BATCH:
            raise RequestRefused(
                400,
                ApiErrorCode.BATCH_TOO_LARGE,
                _("A batch holds 1 to %(max)d operations.") % {"max": limits.MAX_BATCH},
            )
        for operation in operations:
            self.check_operation(operation)
        return operations, batched

    def check_operation(self, operation) -> None:
        if not isinstance(operation, dict) or not isinstance(operation.get("query"), str):
            raise RequestRefused(
                400, ApiErrorCode.MALFORMED_REQUEST, _("Each operation needs a query string.")
            )
        if not isinstance(operation.get("variables") or {}, dict):
            raise RequestRefused(400, ApiErrorCode.MALFORMED_REQUEST, _("variables must be a JSON object."))
        if not isinstance(operation.get("operationName") or "", str):
            raise RequestRefused(400, ApiErrorCode.MALFORMED_REQUEST, _("operationName must be a string."))
        if len(operation["query"].encode()) > limits.MAX_DOCUMENT_BYTES:
            raise RequestRefused(
                400,
                ApiErrorCode.DOCUMENT_TOO_LARGE,
                _("The query is longer than %(max)d bytes.") % {"max": limits.MAX_DOCUMENT_BYTES},
            )

    def parse(self, operation: dict):
        """(document, syntax error, validation errors), cached by the document's text (core/documents.py)."""
        return parse_and_validate(self.graphql_schema, operation["query"], settings.DEBUG)

    def check_cost(self, operations: list[dict], parsed: list) -> None:
        """The cost of the whole request, before any of it runs (issue 10): a batch costs its operations'
        sum. Documents that fail to parse or validate cost nothing here; running them reports why."""
        total = 0
        for operation, (document, _syntax_error, validation_errors) in zip(operations, parsed, strict=True):
            if document is None or validation_errors:
                continue
            total += limits.query_cost(
                self.graphql_schema,
                document,
                operation.get("operationName") or None,
                operation.get("variables"),
            )
        if total > limits.MAX_QUERY_COST:
            raise RequestRefused(400, ApiErrorCode.QUERY_TOO_COSTLY, limits.cost_message(total))

    def authenticate(self, request):
        try:
            context = self.build_context(request)
        except DomainError as error:
            raise RequestRefused(401, error.code, error.message) from None
        if context.is_authenticated and not context.bearer:
            # The session cookie is the credential: a cross-site form could send it, so CSRF applies.
            if CsrfViewMiddleware(lambda _request: None).process_view(request, None, (), {}) is not None:
                raise RequestRefused(
                    403, ApiErrorCode.CSRF_FAILED, _("Send the CSRF token, or use a bearer token.")
                )
        return context

    def run(self, context, operation: dict, document, syntax_error, validation_errors) -> tuple[dict, int]:
        graphql_schema = self.graphql_schema
        context.loaders.clear()  # each operation of a batch loads afresh: an earlier one may have written
        if syntax_error is not None:
            error = request_error(ApiErrorCode.GRAPHQL_PARSE_FAILED, syntax_error.message)
            return {"errors": [error]}, 400
        if validation_errors:
            return {"errors": [validation_error(error) for error in validation_errors]}, 400
        result = execute(
            graphql_schema,
            document,
            context_value=context,
            variable_values=operation.get("variables") or None,
            operation_name=operation.get("operationName") or None,
            execution_context_class=BatchingExecutionContext,
            middleware=[prepared_arguments_middleware, *self.middleware],
            hide_suggestions=not settings.DEBUG,
        )
        if not isinstance(result, ExecutionResult):  # an awaitable: no resolver of ours is async
            raise RuntimeError("GraphQL execution did not complete synchronously")
        payload: dict = {"data": result.data}
        lost = [error for error in result.errors or () if database_unavailable(error.original_error)]
        if lost:
            raise DatabaseUnavailable() from lost[0].original_error
        if result.errors:
            payload["errors"] = [format_execution_error(error) for error in result.errors]
            if result.data is None and all(error.path is None for error in result.errors):
                # Nothing ran: bad variables or an unknown operation name.
                return payload, 400
        return payload, 200


def validation_error(error) -> dict:
    formatted = error.formatted
    code = (error.extensions or {}).get("code") or ApiErrorCode.GRAPHQL_VALIDATION_FAILED
    formatted["message"] = str(limits.limit_message(code) or error.message)
    formatted["extensions"] = {"code": str(code)}
    return formatted
