"""Public-schema billing: plans, one subscription per community, and every Stripe event received."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sharepool.platform.communities.models import Community, StreetOffice


class Plan(models.Model):
    class Code(models.TextChoices):
        FREE_PILOT = "free_pilot", _("free pilot")
        STANDARD = "standard", _("standard")
        STREET_OFFICE_BUNDLE = "street_office_bundle", _("street-office bundle")

    code = models.CharField(_("code"), max_length=30, choices=Code.choices, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # Integer fen (1/100 yuan), like every amount Stripe handles: no floats for money.
    monthly_price_fen = models.PositiveIntegerField(_("monthly price (fen)"))
    stripe_price_id = models.CharField(
        _("Stripe price id"), max_length=100, blank=True, help_text=_("empty for a free plan")
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.name

    @property
    def is_free(self) -> bool:
        return self.monthly_price_fen == 0


class Subscription(models.Model):
    """What a community pays for; its street office is the Stripe customer."""

    class Status(models.TextChoices):
        INCOMPLETE = "incomplete", _("waiting for the first payment")
        ACTIVE = "active", _("active")
        PAST_DUE = "past_due", _("past due")
        CANCELED = "canceled", _("canceled")

    community = models.OneToOneField(Community, on_delete=models.PROTECT, related_name="subscription")
    street_office = models.ForeignKey(StreetOffice, on_delete=models.PROTECT, related_name="subscriptions")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INCOMPLETE)
    stripe_customer_id = models.CharField(_("Stripe customer id"), max_length=100, blank=True)
    stripe_subscription_id = models.CharField(_("Stripe subscription id"), max_length=100, blank=True)
    past_due_since = models.DateTimeField(_("past due since"), null=True, blank=True)
    # The `created` of the newest Stripe event that decided this subscription's state. Stripe does not
    # deliver events in order: an older one arriving later is recorded as stale and changes nothing (issue #10).
    state_decided_by_event_created = models.DateTimeField(
        _("state decided by the event created at"), null=True, blank=True
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["stripe_subscription_id"],
                condition=~models.Q(stripe_subscription_id=""),
                name="subscription_stripe_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status="past_due", past_due_since__isnull=False)
                | ~models.Q(status="past_due"),
                name="past_due_subscription_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community} / {self.plan}"


class StripeCustomer(models.Model):
    """A street office pays for all its communities as one Stripe customer."""

    street_office = models.OneToOneField(
        StreetOffice, on_delete=models.PROTECT, related_name="stripe_customer"
    )
    stripe_customer_id = models.CharField(_("Stripe customer id"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("Stripe customer")
        verbose_name_plural = _("Stripe customers")

    def __str__(self) -> str:
        return self.stripe_customer_id


class StripeEvent(models.Model):
    """Every verified webhook event, stored once by its id: a replay finds its row and changes nothing."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("applied")
        IGNORED = "ignored", _("ignored (type not handled)")
        UNMATCHED = "unmatched", _("no subscription matched")
        STALE = "stale", _("older than the event that decided the subscription's state")

    event_id = models.CharField(_("event id"), max_length=100, unique=True)
    type = models.CharField(_("type"), max_length=100)
    # When Stripe made the event (its `created`), which orders events about one object.
    created = models.DateTimeField(_("created at Stripe"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    subscription = models.ForeignKey(
        Subscription, on_delete=models.PROTECT, null=True, blank=True, related_name="stripe_events"
    )
    received = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class CommunityStatusChange(models.Model):
    """The audit trail of every status change that billing made to a community; never edited."""

    class Reason(models.TextChoices):
        PAID = "paid", _("paid")
        GRACE_PERIOD_OVER = "grace_period_over", _("grace period over")
        SUBSCRIPTION_ENDED = "subscription_ended", _("subscription ended")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="billing_status_changes")
    status_before = models.CharField(_("status before"), max_length=20)
    status_after = models.CharField(_("status after"), max_length=20)
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    stripe_event = models.ForeignKey(
        StripeEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="status_changes"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("community status change")
        verbose_name_plural = _("community status changes")

    def __str__(self) -> str:
        return f"{self.community}: {self.status_before} -> {self.status_after}"
