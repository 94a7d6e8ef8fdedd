"""The hour ledger (docs/architecture.md, "The ledger"): accounts with materialised balances and immutable transfers.

Amounts are integer minutes. Every rule the services enforce is also a CHECK or a unique constraint, and a
trigger (migration 0002) refuses UPDATE and DELETE on transfers: mistakes are corrected by reversals.
The ledger is the bottom layer: exchanges and activity awards point at their transfer, never the reverse.
"""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.members.models import Member


class Account(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", _("member")
        COMMUNITY_POOL = "community_pool", _("community pool")
        CLEARING = "clearing", _("clearing (partner community)")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="account"
    )
    # The partner community's slug, for a clearing account (a name, never a key into another schema).
    partner = models.SlugField(_("partner community"), max_length=40, blank=True)
    balance = models.BigIntegerField(_("balance (minutes)"), default=0)
    # Materialised so that a CHECK can back it: the community default, or this member's override.
    credit_limit = models.PositiveIntegerField(_("credit limit (minutes)"), default=0)
    credit_limit_overridden = models.BooleanField(_("credit limit set for this member"), default=False)
    ceiling = models.PositiveIntegerField(_("balance ceiling (minutes)"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["member", "community_pool", "clearing"]), name="account_kind_valid"
            ),
            models.CheckConstraint(
                condition=(Q(kind="member") & Q(member__isnull=False) & Q(partner=""))
                | (Q(kind="community_pool") & Q(member__isnull=True) & Q(partner=""))
                | (Q(kind="clearing") & Q(member__isnull=True) & ~Q(partner="")),
                name="account_kind_matches_owner",
            ),
            models.CheckConstraint(
                condition=~Q(kind="member") | Q(balance__gte=-F("credit_limit")),
                name="account_member_within_credit_limit",
            ),
            models.CheckConstraint(
                condition=Q(ceiling__isnull=True) | Q(balance__lte=F("ceiling")),
                name="account_within_ceiling",
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="community_pool"), name="account_one_community_pool"
            ),
            models.UniqueConstraint(
                fields=["partner"], condition=Q(kind="clearing"), name="account_one_clearing_per_partner"
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.MEMBER:
            return f"member:{self.member_id}"
        if self.kind == self.Kind.CLEARING:
            return f"clearing:{self.partner}"
        return self.kind


class Transfer(models.Model):
    class Kind(models.TextChoices):
        EXCHANGE = "exchange", _("exchange")
        ACTIVITY_AWARD = "activity_award", _("activity award")
        WELCOME = "welcome", _("welcome credit")
        ADJUSTMENT = "adjustment", _("adjustment")
        REVERSAL = "reversal", _("reversal")
        FEDERATION = "federation", _("federation")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    debit = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="debits")
    credit = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="credits")
    amount = models.PositiveIntegerField(_("amount (minutes)"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # One-to-one: the database itself refuses a second reversal of the same transfer.
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal"
    )
    recorded_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="recorded_transfers"
    )
    memo = models.CharField(_("memo"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="transfer_amount_positive"),
            models.CheckConstraint(condition=~Q(debit=F("credit")), name="transfer_debit_not_credit"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["exchange", "activity_award", "welcome", "adjustment", "reversal", "federation"]
                ),
                name="transfer_kind_valid",
            ),
            models.CheckConstraint(
                condition=(Q(kind="reversal") & Q(reverses__isnull=False))
                | (~Q(kind="reversal") & Q(reverses__isnull=True)),
                name="transfer_reversal_names_original",
            ),
            models.CheckConstraint(
                condition=~Q(kind="adjustment") | ~Q(memo=""), name="transfer_adjustment_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} min {self.debit} -> {self.credit}"
