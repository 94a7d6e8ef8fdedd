"""Billing's domain functions: checkout, the customer portal, webhook events and the grace period.

A community's status follows its subscription: paid -> active; a failed payment -> past due, still
active for `BILLING_GRACE_PERIOD_DAYS`; then suspended (read-only: the API refuses every mutation);
paid again -> active. Every status change billing makes is a `CommunityStatusChange` row.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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


# ---------------------------------------------------------------------------------------------
# Webhooks


def _is_stale(subscription: Subscription, event: StripeEvent) -> bool:
    """Whether a newer event already decided this subscription's state (issue #10).

    Stripe delivers events in no particular order and retries failed deliveries for days, so an
    event is applied only if it is not older than the one that last changed the subscription.
    A cancellation is final: Stripe never revives a canceled subscription (a new checkout makes a
    new one and `do_start_checkout` resets the row), so nothing but another cancellation applies after it.
    """
    decided = subscription.state_decided_by_event_created
    return decided is not None and event.created is not None and event.created < decided


def _decided_by(subscription: Subscription, event: StripeEvent) -> None:
    subscription.state_decided_by_event_created = event.created
    subscription.save(update_fields=["state_decided_by_event_created", "updated"])


def _mark_paid(subscription: Subscription, event: StripeEvent) -> None:
    if subscription.status == Subscription.Status.CANCELED:
        event.outcome = StripeEvent.Outcome.STALE
        return
    subscription.status = Subscription.Status.ACTIVE
    subscription.past_due_since = None
    subscription.save(update_fields=["status", "past_due_since", "updated"])
    _set_community_status(
        subscription.community, Community.Status.ACTIVE, CommunityStatusChange.Reason.PAID, event
    )


def _mark_unpaid(subscription: Subscription, event: StripeEvent) -> None:
    if subscription.status == Subscription.Status.CANCELED:
        event.outcome = StripeEvent.Outcome.STALE
        return
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


def _apply(subscription: Subscription, event: StripeEvent, change) -> Subscription:
    """`change(subscription, event)` unless the event is stale; the event then decides the state."""
    if _is_stale(subscription, event):
        event.outcome = StripeEvent.Outcome.STALE
        return subscription
    change(subscription, event)
    if event.outcome != StripeEvent.Outcome.STALE:
        _decided_by(subscription, event)
    return subscription


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

    def change(subscription: Subscription, event: StripeEvent) -> None:
        subscription.stripe_subscription_id = (
            session.get("subscription") or subscription.stripe_subscription_id
        )
        subscription.stripe_customer_id = session.get("customer") or subscription.stripe_customer_id
        subscription.save(update_fields=["stripe_subscription_id", "stripe_customer_id", "updated"])
        _mark_paid(subscription, event)

    return _apply(subscription, event, change)


def _on_invoice_paid(invoice: dict[str, Any], event: StripeEvent) -> Subscription | None:
    subscription = _by_stripe_id(_invoice_subscription_id(invoice))
    return subscription and _apply(subscription, event, _mark_paid)


def _on_invoice_payment_failed(invoice: dict[str, Any], event: StripeEvent) -> Subscription | None:
    subscription = _by_stripe_id(_invoice_subscription_id(invoice))
    return subscription and _apply(subscription, event, _mark_unpaid)


def _on_subscription_updated(stripe_subscription: dict[str, Any], event: StripeEvent) -> Subscription | None:
    subscription = _by_stripe_id(stripe_subscription.get("id"))
    if subscription is None:
        return None

    def change(subscription: Subscription, event: StripeEvent) -> None:
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

    return _apply(subscription, event, change)


def _on_subscription_deleted(stripe_subscription: dict[str, Any], event: StripeEvent) -> Subscription | None:
    subscription = _by_stripe_id(stripe_subscription.get("id"))
    return subscription and _apply(subscription, event, _mark_ended)


EVENT_HANDLERS = {
    "checkout.session.completed": _on_checkout_completed,
    "invoice.paid": _on_invoice_paid,
    "invoice.payment_failed": _on_invoice_payment_failed,
    "customer.subscription.updated": _on_subscription_updated,
    "customer.subscription.deleted": _on_subscription_deleted,
}


def _fits_column(text: str, field_name: str) -> bool:
    """Not empty, and no longer than StripeEvent's column of that name."""
    max_length = getattr(StripeEvent._meta.get_field(field_name), "max_length", None)
    return 0 < len(text) and (max_length is None or len(text) <= max_length)


def read_event(event: dict[str, Any]) -> tuple[str, str, datetime, dict[str, Any]]:
    """The event's id, type, creation time and object, or `payload_invalid` for any other shape.

    A signed event is still outside input (issue #10: a `data` that is a list or a string, an id or a
    type longer than our columns, answered 500).
    """
    event_id, event_type, created = event.get("id"), event.get("type"), event.get("created")
    data = event.get("data")
    data_object = data.get("object") if isinstance(data, dict) else None
    if not (
        isinstance(event_id, str)
        and _fits_column(event_id, "event_id")
        and isinstance(event_type, str)
        and _fits_column(event_type, "type")
        and isinstance(created, int)
        and not isinstance(created, bool)
        and 0 <= created < 2**32
        and isinstance(data_object, dict)
    ):
        raise BillingError(BillingErrorCode.PAYLOAD_INVALID, _("The event could not be read."))
    return event_id, event_type, datetime.fromtimestamp(created, tz=UTC), data_object


def do_process_stripe_webhook(*, payload: bytes, signature: str) -> WebhookOutcome:
    """Verify a webhook delivery and apply its event once; a replay of a stored event id changes nothing.

    An event older than the one that last decided its subscription's state is recorded as `stale`
    and changes nothing (`_is_stale`).
    """
    event = stripe_api.verify_webhook(payload=payload, signature=signature)
    event_id, event_type, created, data_object = read_event(event)
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
            created=created,
            outcome=StripeEvent.Outcome.IGNORED if handler is None else StripeEvent.Outcome.APPLIED,
        )
        if handler is not None:
            subscription = handler(data_object, record)
            record.subscription = subscription
            if subscription is None:
                record.outcome = StripeEvent.Outcome.UNMATCHED
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
