"""The one module that talks to Stripe (STYLE.md 10): a `StripeClient` whose base address is a setting.

Every call that creates something carries an idempotency key, so a retried call (ours or the SDK's own
network retries) never makes a second customer or checkout session. Callers get plain values back, and
any Stripe failure becomes a `BillingError` with a stable code.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import stripe
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sharepool.platform.billing.errors import BillingError, BillingErrorCode


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


@lru_cache(maxsize=4)
def _client(secret_key: str, api_base: str) -> stripe.StripeClient:
    return stripe.StripeClient(
        secret_key, base_addresses={"api": api_base} if api_base else None, max_network_retries=2
    )


def client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise BillingError(BillingErrorCode.NOT_CONFIGURED, _("Online payment is not configured."))
    return _client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)


def _unavailable(error: stripe.StripeError) -> BillingError:
    return BillingError(
        BillingErrorCode.STRIPE_UNAVAILABLE, _("The payment service did not answer. Please try again later.")
    )


def create_customer(*, name: str, street_office_id: int, idempotency_key: str) -> str:
    try:
        customer = client().v1.customers.create(
            params={"name": name, "metadata": {"street_office_id": str(street_office_id)}},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise _unavailable(error) from error
    return customer.id


def create_checkout_session(
    *,
    customer_id: str,
    price_id: str,
    community_id: int,
    community_slug: str,
    success_url: str,
    cancel_url: str,
    idempotency_key: str,
) -> CheckoutSession:
    metadata = {"community_id": str(community_id), "community_slug": community_slug}
    try:
        session = client().v1.checkout.sessions.create(
            params={
                "mode": "subscription",
                "customer": customer_id,
                "line_items": [{"price": price_id, "quantity": 1}],
                "client_reference_id": str(community_id),
                "metadata": metadata,
                "subscription_data": {"metadata": metadata},
                "success_url": success_url,
                "cancel_url": cancel_url,
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise _unavailable(error) from error
    if session.url is None:  # only an embedded session has none, and we never ask for one
        raise BillingError(
            BillingErrorCode.STRIPE_UNAVAILABLE,
            _("The payment service did not answer. Please try again later."),
        )
    return CheckoutSession(id=session.id, url=session.url)


def create_portal_session(*, customer_id: str, return_url: str, idempotency_key: str) -> str:
    try:
        session = client().v1.billing_portal.sessions.create(
            params={"customer": customer_id, "return_url": return_url},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise _unavailable(error) from error
    return session.url


def verify_webhook(*, payload: bytes, signature: str) -> dict[str, Any]:
    """The event as plain data, once the SDK has checked its signature and age against our secret."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise BillingError(BillingErrorCode.NOT_CONFIGURED, _("Online payment is not configured."))
    try:
        stripe.WebhookSignature.verify_header(payload, signature, settings.STRIPE_WEBHOOK_SECRET, 300)
    except stripe.SignatureVerificationError as error:
        raise BillingError(BillingErrorCode.SIGNATURE_INVALID, _("The signature does not match.")) from error
    # The SDK assumes a JSON object and fails with AttributeError on any other signed body (issue #10).
    try:
        body = json.loads(payload)
    except ValueError as error:
        raise BillingError(BillingErrorCode.PAYLOAD_INVALID, _("The event could not be read.")) from error
    if not isinstance(body, dict):
        raise BillingError(BillingErrorCode.PAYLOAD_INVALID, _("The event could not be read."))
    try:
        event = stripe.Webhook.construct_event_without_verification(payload)
    except ValueError as error:
        raise BillingError(BillingErrorCode.PAYLOAD_INVALID, _("The event could not be read.")) from error
    return event.to_dict()
