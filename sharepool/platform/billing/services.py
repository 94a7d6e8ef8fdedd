"""Billing's domain functions: checkout, the customer portal, webhook events and the grace period.

A community's status follows its subscription: paid -> active; a failed payment -> past due, still
active for `BILLING_GRACE_PERIOD_DAYS`; then suspended (read-only: the API refuses every mutation);
paid again -> active. Every status change billing makes is a `CommunityStatusChange` row.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.platform.accounts.actors import StaffActor
from sharepool.platform.accounts.services import access_communities
from sharepool.platform.billing import stripe_api
from sharepool.platform.billing.errors import BillingError, BillingErrorCode
from sharepool.platform.billing.models import (
    CommunityStatusChange,
    Plan,
    StripeCustomer,
    StripeEvent,
    Subscription,
)
from sharepool.platform.communities.models import Community, StreetOffice
from sharepool.platform.communities.services import community_url

# Stripe's subscription statuses, as our three.
PAID_STRIPE_STATUSES = {"active", "trialing"}
UNPAID_STRIPE_STATUSES = {"past_due", "unpaid"}
ENDED_STRIPE_STATUSES = {"canceled", "incomplete_expired"}


@dataclass(frozen=True)
class WebhookOutcome:
    event_id: str
    type: str
    outcome: str
    replayed: bool


def grace_period() -> timedelta:
    return timedelta(days=settings.BILLING_GRACE_PERIOD_DAYS)


def _plan(code: str) -> Plan:
    try:
        return Plan.objects.get(code=code)
    except Plan.DoesNotExist:
        raise BillingError(BillingErrorCode.PLAN_UNKNOWN, _("There is no such plan."), field="plan") from None


def _set_community_status(
    community: Community, status: str, reason: str, stripe_event: StripeEvent | None = None
) -> None:
    # Onboarding owns `provisioning` and operators own `archived`: billing moves only between the two
    # states a serving community can be in.
    if community.status == status or community.status not in (
        Community.Status.ACTIVE,
        Community.Status.SUSPENDED,
    ):
        return
    CommunityStatusChange.objects.create(
        community=community,
        status_before=community.status,
        status_after=status,
        reason=reason,
        stripe_event=stripe_event,
    )
    community.status = status
    community.save(update_fields=["status"])


def access_community_for_billing(actor: StaffActor, slug: str) -> Community:
    """A community the actor pays for (its street office's staff) or operates; the same answer for
    "missing" and "not yours" (STYLE.md 6)."""
    # A slug no community can have (a NUL PostgreSQL would refuse) is simply not found.
    plausible = "\x00" not in slug
    community = (
        access_communities(actor).filter(slug=slug).select_related("street_office").first()
        if plausible
        else None
    )
    if community is None:
        raise BillingError(BillingErrorCode.COMMUNITY_NOT_FOUND, _("No such community."), field="community")
    return community


def billing_return_url(community: Community, outcome: str) -> str:
    # Stripe sends the browser back to the platform (never to an address the client chose).
    return f"{community_url(settings.PLATFORM_DOMAIN)}?billing={outcome}&community={community.slug}"


def check_start_checkout(*, community: Community, plan: Plan) -> None:
    if plan.is_free:
        raise BillingError(BillingErrorCode.PLAN_IS_FREE, _("A free plan needs no payment."), field="plan")
    if not plan.stripe_price_id:
        raise BillingError(
            BillingErrorCode.PLAN_NOT_PRICED, _("This plan cannot be bought online yet."), field="plan"
        )
    current = Subscription.objects.filter(community=community).first()
    if current is not None and current.status in (Subscription.Status.ACTIVE, Subscription.Status.PAST_DUE):
        if not current.plan.is_free:
            raise BillingError(
                BillingErrorCode.ALREADY_SUBSCRIBED,
                _("This community already has a subscription; change it in the billing portal."),
            )


def do_ensure_stripe_customer(*, street_office: StreetOffice) -> str:
    """The street office's Stripe customer, created once.

    The idempotency key is the street office's id: two checkouts started at once get the same
    customer back from Stripe, and the unique row keeps one of them.
    """
    existing = StripeCustomer.objects.filter(street_office=street_office).first()
    if existing is not None:
        return existing.stripe_customer_id
    customer_id = stripe_api.create_customer(
        name=street_office.name,
        street_office_id=street_office.id,
        idempotency_key=f"customer-street-office-{street_office.id}",
    )
    customer, _created = StripeCustomer.objects.get_or_create(
        street_office=street_office, defaults={"stripe_customer_id": customer_id}
    )
    return customer.stripe_customer_id


def do_start_checkout(*, community_id: int, plan_code: str) -> stripe_api.CheckoutSession:
    """Open a Stripe Checkout session for a community's first payment; the webhook does the rest.

    Stripe is called outside any transaction, so that no row lock is held across the network; the
    idempotency keys make each call safe to repeat instead.
    """
    community = Community.objects.select_related("street_office").get(id=community_id)
    plan = _plan(plan_code)
    check_start_checkout(community=community, plan=plan)
    customer_id = do_ensure_stripe_customer(street_office=community.street_office)
    with transaction.atomic():
        Subscription.objects.update_or_create(
            community=community,
            defaults={
                "street_office": community.street_office,
                "plan": plan,
                "status": Subscription.Status.INCOMPLETE,
                "stripe_customer_id": customer_id,
                "past_due_since": None,
            },
        )
    # One key per user action: the SDK's network retries reuse it, so a retry never opens a second session.
    return stripe_api.create_checkout_session(
        customer_id=customer_id,
        price_id=plan.stripe_price_id,
        community_id=community.id,
        community_slug=community.slug,
        success_url=billing_return_url(community, "paid"),
        cancel_url=billing_return_url(community, "canceled"),
        idempotency_key=f"checkout-{community.id}-{plan.code}-{uuid.uuid4().hex}",
    )


def do_open_billing_portal(*, community_id: int) -> str:
    """The Stripe customer portal, where the street office changes plan, card or cancels."""
    subscription = (
        Subscription.objects.select_related("community")
        .filter(community_id=community_id)
        .exclude(stripe_customer_id="")
        .first()
    )
    if subscription is None:
        raise BillingError(
            BillingErrorCode.NO_SUBSCRIPTION, _("This community has no paid subscription yet.")
        )
    return stripe_api.create_portal_session(
        customer_id=subscription.stripe_customer_id,
        return_url=billing_return_url(subscription.community, "portal"),
        idempotency_key=f"portal-{subscription.id}-{uuid.uuid4().hex}",
    )


@transaction.atomic
def do_choose_free_pilot(*, community_id: int) -> Subscription:
    community = Community.objects.select_related("street_office").get(id=community_id)
    plan = _plan(Plan.Code.FREE_PILOT)
    current = Subscription.objects.filter(community=community).first()
    if current is not None and current.status in (Subscription.Status.ACTIVE, Subscription.Status.PAST_DUE):
        raise BillingError(
            BillingErrorCode.ALREADY_SUBSCRIBED, _("This community already has a subscription.")
        )
    subscription, _created = Subscription.objects.update_or_create(
        community=community,
        defaults={
            "street_office": community.street_office,
            "plan": plan,
            "status": Subscription.Status.ACTIVE,
        },
    )
    return subscription


# ---------------------------------------------------------------------------------------------
# Webhooks


def _mark_paid(subscription: Subscription, event: StripeEvent) -> None:
    subscription.status = Subscription.Status.ACTIVE
    subscription.past_due_since = None
    subscription.save(update_fields=["status", "past_due_since", "updated"])
    _set_community_status(
        subscription.community, Community.Status.ACTIVE, CommunityStatusChange.Reason.PAID, event
    )


def _mark_unpaid(subscription: Subscription, event: StripeEvent) -> None:
    subscription.status = Subscription.Status.PAST_DUE
    subscription.past_due_since = subscription.past_due_since or timezone.now()
    subscription.save(update_fields=["status", "past_due_since", "updated"])
    if subscription.past_due_since <= timezone.now() - grace_period():
        _set_community_status(
            subscription.community,
            Community.Status.SUSPENDED,
            CommunityStatusChange.Reason.GRACE_PERIOD_OVER,
            event,
        )


def _mark_ended(subscription: Subscription, event: StripeEvent) -> None:
    subscription.status = Subscription.Status.CANCELED
    subscription.past_due_since = None
    subscription.save(update_fields=["status", "past_due_since", "updated"])
    _set_community_status(
        subscription.community,
        Community.Status.SUSPENDED,
        CommunityStatusChange.Reason.SUBSCRIPTION_ENDED,
        event,
    )


def _by_stripe_id(stripe_subscription_id: str | None) -> Subscription | None:
    if not stripe_subscription_id:
        return None
    return (
        Subscription.objects.select_for_update()
        .select_related("community")
        .filter(stripe_subscription_id=stripe_subscription_id)
        .first()
    )


def _invoice_subscription_id(invoice: dict[str, Any]) -> str | None:
    # API versions from 2025-03 name the subscription under `parent`; older ones at the top level.
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return details.get("subscription") or invoice.get("subscription")


def _on_checkout_completed(session: dict[str, Any], event: StripeEvent) -> Subscription | None:
    community_id = session.get("client_reference_id") or (session.get("metadata") or {}).get("community_id")
    if not community_id or not str(community_id).isdigit():
        return None
    subscription = (
        Subscription.objects.select_for_update()
        .select_related("community")
        .filter(community_id=community_id)
        .first()
    )
    if subscription is None:
        return None
    subscription.stripe_subscription_id = session.get("subscription") or subscription.stripe_subscription_id
    subscription.stripe_customer_id = session.get("customer") or subscription.stripe_customer_id
    subscription.save(update_fields=["stripe_subscription_id", "stripe_customer_id", "updated"])
    _mark_paid(subscription, event)
    return subscription


def _on_invoice_paid(invoice: dict[str, Any], event: StripeEvent) -> Subscription | None:
    subscription = _by_stripe_id(_invoice_subscription_id(invoice))
    if subscription is not None:
        _mark_paid(subscription, event)
    return subscription


def _on_invoice_payment_failed(invoice: dict[str, Any], event: StripeEvent) -> Subscription | None:
    subscription = _by_stripe_id(_invoice_subscription_id(invoice))
    if subscription is not None:
        _mark_unpaid(subscription, event)
    return subscription


def _on_subscription_updated(stripe_subscription: dict[str, Any], event: StripeEvent) -> Subscription | None:
    subscription = _by_stripe_id(stripe_subscription.get("id"))
    if subscription is None:
        return None
    # A plan changed in the customer portal arrives as a new price on the subscription's first item.
    items = (stripe_subscription.get("items") or {}).get("data") or []
    price_id = ((items[0].get("price") or {}).get("id")) if items else None
    plan = Plan.objects.filter(stripe_price_id=price_id).first() if price_id else None
    if plan is not None and plan != subscription.plan:
        subscription.plan = plan
        subscription.save(update_fields=["plan", "updated"])
    status = stripe_subscription.get("status")
    if status in PAID_STRIPE_STATUSES:
        _mark_paid(subscription, event)
    elif status in UNPAID_STRIPE_STATUSES:
        _mark_unpaid(subscription, event)
    elif status in ENDED_STRIPE_STATUSES:
        _mark_ended(subscription, event)
    return subscription


def _on_subscription_deleted(stripe_subscription: dict[str, Any], event: StripeEvent) -> Subscription | None:
    subscription = _by_stripe_id(stripe_subscription.get("id"))
    if subscription is not None:
        _mark_ended(subscription, event)
    return subscription


EVENT_HANDLERS = {
    "checkout.session.completed": _on_checkout_completed,
    "invoice.paid": _on_invoice_paid,
    "invoice.payment_failed": _on_invoice_payment_failed,
    "customer.subscription.updated": _on_subscription_updated,
    "customer.subscription.deleted": _on_subscription_deleted,
}


def do_process_stripe_webhook(*, payload: bytes, signature: str) -> WebhookOutcome:
    """Verify a webhook delivery and apply its event once; a replay of a stored event id changes nothing."""
    event = stripe_api.verify_webhook(payload=payload, signature=signature)
    event_id, event_type = str(event.get("id") or ""), str(event.get("type") or "")
    if not event_id or not event_type:
        raise BillingError(BillingErrorCode.PAYLOAD_INVALID, _("The event could not be read."))
    with transaction.atomic():
        # Stripe may deliver the same event twice at once: the second waits here, then finds the row.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"stripe-event:{event_id}"])
        stored = StripeEvent.objects.filter(event_id=event_id).first()
        if stored is not None:
            return WebhookOutcome(event_id, stored.type, stored.outcome, replayed=True)
        handler = EVENT_HANDLERS.get(event_type)
        record = StripeEvent.objects.create(
            event_id=event_id,
            type=event_type,
            outcome=StripeEvent.Outcome.IGNORED if handler is None else StripeEvent.Outcome.APPLIED,
        )
        if handler is not None:
            subscription = handler((event.get("data") or {}).get("object") or {}, record)
            record.subscription = subscription
            record.outcome = StripeEvent.Outcome.APPLIED if subscription else StripeEvent.Outcome.UNMATCHED
            record.save(update_fields=["subscription", "outcome"])
    return WebhookOutcome(event_id, event_type, record.outcome, replayed=False)


# ---------------------------------------------------------------------------------------------
# The grace period (a periodic task)


@transaction.atomic
def do_suspend_overdue_communities(*, now: datetime | None = None) -> int:
    """Suspend every community whose subscription has been past due longer than the grace period."""
    cutoff = (now or timezone.now()) - grace_period()
    overdue = (
        Subscription.objects.select_for_update(of=("self", "community"))
        .select_related("community")
        .filter(
            status=Subscription.Status.PAST_DUE,
            past_due_since__lte=cutoff,
            community__status=Community.Status.ACTIVE,
        )
    )
    suspended = 0
    for subscription in overdue:
        _set_community_status(
            subscription.community, Community.Status.SUSPENDED, CommunityStatusChange.Reason.GRACE_PERIOD_OVER
        )
        suspended += 1
    return suspended
