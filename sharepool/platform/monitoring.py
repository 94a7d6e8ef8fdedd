"""Monitoring: Sentry when SENTRY_DSN is set, and the context every log line carries (issue #6).

The community and a request id are kept in context variables, set once per request (by the middleware,
after the host has been resolved) and once per Celery task (from the task's schema); the log filter and
Sentry's scope both read them. Personal data never leaves: `send_default_pii` is off and `scrub_event`
masks phone numbers, ID numbers, tokens and passwords wherever they appear in an event.
"""

import logging
import re
import uuid
import warnings
from contextvars import ContextVar
from typing import Any

import sentry_sdk
from celery.signals import task_postrun, task_prerun
from django.db import connection
from pythonjsonlogger.json import JsonFormatter
from sentry_sdk.types import Breadcrumb, BreadcrumbHint, Event, Hint

current_community: ContextVar[str] = ContextVar("current_community", default="-")
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
FILTERED = "[Filtered]"

# A mainland mobile number (11 digits from 13x-19x, optionally +86) and an 18-character resident ID.
# A mainland mobile number (11 digits from 13x-19x, optionally +86) and an 18-character resident ID
# (region, birth date, sequence, check digit). Digits after a decimal point (timings, amounts) are not data.
PHONE_PATTERN = re.compile(r"(?<![\d.])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
ID_NUMBER_PATTERN = re.compile(
    r"(?<![\d.A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])"
)
BEARER_PATTERN = re.compile(r"(?i)\b(bearer|token)\s+[A-Za-z0-9._~+/=-]{8,}")
# A key whose value is a credential, whatever the value looks like. `pw`/`pwd` are the short names
# people give a password variable (issue #10); `db.params` are SQL parameters, which hold password
# hashes and token hashes when Sentry is told to record them.
SECRET_KEY_PATTERN = re.compile(
    r"(?i)(password|passwd|secret|token|api[_-]?key|authorization|cookie|session|csrf|signature"
    r"|credential|passphrase|^pwd?$|_pwd?$|^db\.params$)"
)
# Stripe's live and test secrets, wherever they show up in a message.
STRIPE_KEY_PATTERN = re.compile(r"\b(sk|rk|whsec)_[A-Za-z0-9_]{8,}")
# Our own bearer tokens (member spm_, staff sps_, organisation spo_), bare, anywhere (issue #10).
OUR_TOKEN_PATTERN = re.compile(r"\b(?:spm|sps|spo)_[A-Za-z0-9_-]{16,}")
# A Django password hash (`<algorithm>$...`), e.g. in SQL parameters or a database error's message.
PASSWORD_HASH_PATTERN = re.compile(
    r"\b(?:pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt_sha256|bcrypt|scrypt|md5|sha1|unsalted_md5|unsalted_sha1)"
    r"\$[^\s\"'\\,)]+"
)
# The value of a credential written inline: a GraphQL argument (`password: "..."`, also JSON-escaped
# as `password: \"...\"` inside a logged body), a JSON member (`"pw": "..."`) or a form field (`pw=...`).
SECRET_NAME = r"\w*(?:password|passwd|passphrase|secret|token|pwd)\w*|pw"
INLINE_SECRET_PATTERN = re.compile(
    rf'(?i)(\b(?:{SECRET_NAME})\\?"?\s*:\s*)(?:\\"(?:(?!\\").)*\\"|"(?:[^"\\]|\\.)*")'
)
FORM_SECRET_PATTERN = re.compile(rf"(?i)(\b(?:{SECRET_NAME})=)[^&\s]+")


def scrub_text(text: str) -> str:
    text = INLINE_SECRET_PATTERN.sub(lambda match: f'{match.group(1)}"{FILTERED}"', text)
    text = FORM_SECRET_PATTERN.sub(lambda match: f"{match.group(1)}{FILTERED}", text)
    text = OUR_TOKEN_PATTERN.sub(FILTERED, text)
    text = PASSWORD_HASH_PATTERN.sub(FILTERED, text)
    text = PHONE_PATTERN.sub(FILTERED, text)
    text = ID_NUMBER_PATTERN.sub(FILTERED, text)
    text = BEARER_PATTERN.sub(lambda match: f"{match.group(1)} {FILTERED}", text)
    return STRIPE_KEY_PATTERN.sub(FILTERED, text)


def scrub(value: Any, key: str = "") -> Any:
    if key and SECRET_KEY_PATTERN.search(key):
        return FILTERED
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {k: scrub(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    return value


def scrub_event(event: Event, hint: Hint | None = None) -> Event:
    """Sentry's before_send: the whole event, messages, stack locals, request data and breadcrumbs."""
    return scrub(event)


def scrub_breadcrumb(crumb: Breadcrumb, hint: BreadcrumbHint | None = None) -> Breadcrumb:
    return scrub(crumb)


def init_sentry(*, dsn: str, environment: str, transport=None) -> None:
    # sentry-sdk 2.5x deprecates send_default_pii for data_collection, but passing data_collection turns
    # off the SDK's own event scrubber; we keep both the explicit "no PII" and that scrubber.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The send_default_pii option", category=DeprecationWarning)
        _init(dsn=dsn, environment=environment, transport=transport)


def _init(*, dsn: str, environment: str, transport) -> None:
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        integrations=[
            DjangoIntegration(),
            CeleryIntegration(monitor_beat_tasks=False),
            LoggingIntegration(event_level=logging.ERROR),
        ],
        transport=transport,
        traces_sample_rate=0.0,
        # No stack locals: a credential sits in a local under any name (the staff token as `text` in
        # staff_for_token, a password hash in a cursor's `params`; issue #10), so no key-name rule can
        # be trusted with them. The stack itself, the messages and the request stay, scrubbed by shape.
        include_local_variables=False,
    )


def _set_context(*, community: str, host_kind: str, request_id: str) -> None:
    current_community.set(community)
    current_request_id.set(request_id)
    _tag(community=community, host_kind=host_kind, request_id=request_id)


def _tag(*, community: str, host_kind: str, request_id: str) -> None:
    scope = sentry_sdk.get_isolation_scope()
    scope.set_tag("community", community)
    scope.set_tag("host_kind", host_kind)
    scope.set_tag("request_id", request_id)


class RequestContextMiddleware:
    """After the host middleware: tag the request with its community, host kind and request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        community = request.community.slug if getattr(request, "community", None) else "-"
        # Reset afterwards: a thread serves many requests, and the next one must not inherit this context.
        community_token = current_community.set(community)
        request_token = current_request_id.set(request.request_id)
        _tag(
            community=community,
            host_kind=getattr(request, "host_kind", "platform"),
            request_id=request.request_id,
        )
        try:
            response = self.get_response(request)
        finally:
            current_community.reset(community_token)
            current_request_id.reset(request_token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class ScrubbingFormatter(logging.Formatter):
    """Plain log lines (development), with personal data masked like Sentry events."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub_text(super().format(record))


class ScrubbingJsonFormatter(JsonFormatter):
    """JSON log lines (production), with personal data masked like Sentry events."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub_text(super().format(record))


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.community = current_community.get()
        record.request_id = current_request_id.get()
        return True


def community_of_current_schema() -> str:
    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "slug", None) or "-"


@task_prerun.connect(dispatch_uid="sharepool_monitoring_task_context")
def _task_context(task_id=None, task=None, **kwargs):
    # Connected after tenant-schemas-celery's own prerun handler (imported first by the app module),
    # so the connection is already in the task's schema here.
    community = community_of_current_schema()
    host_kind = "platform" if community == "-" else "community"
    _set_context(community=community, host_kind=host_kind, request_id=task_id or "-")
    sentry_sdk.get_isolation_scope().set_tag("task", getattr(task, "name", "-"))


@task_postrun.connect(dispatch_uid="sharepool_monitoring_task_context_reset")
def _task_context_reset(**kwargs):
    current_community.set("-")
    current_request_id.set("-")
