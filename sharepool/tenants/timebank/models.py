"""The time bank: categories, skills, collective contacts, offers, requests and exchanges (issue 4)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.members.models import Member


class Category(models.Model):
    """A kind of service; seeded by migration 0002, then the community's to edit."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class MemberSkill(models.Model):
    """What a member can do, from the community's categories (members' own table is another app's)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="skills_offered")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="skilled_members")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [models.UniqueConstraint(fields=["member", "category"], name="member_skill_once")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.category_id}"


class CollectiveContact(models.Model):
    """A named person who acts for a collective member (an organisation, a property office, a business)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    role = models.CharField(_("role"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class Listing(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        EXPIRED = "expired", _("expired")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class Offer(Listing):
    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [models.Index(fields=["status", "expires_at"], name="offer_status_expiry")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed", "expired"]), name="offer_status_valid"
            )
        ]


class ServiceRequest(Listing):
    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [models.Index(fields=["status", "expires_at"], name="request_status_expiry")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed", "expired"]), name="request_status_valid"
            )
        ]


class Exchange(models.Model):
    """One service from a provider to a recipient: requested -> accepted -> completed -> confirmed."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("requested")
        ACCEPTED = "accepted", _("accepted")
        COMPLETED = "completed", _("completed")
        CONFIRMED = "confirmed", _("confirmed")
        DISPUTED = "disputed", _("disputed")
        CANCELLED = "cancelled", _("cancelled")

    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="exchanges"
    )
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="exchanges"
    )
    provider = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="exchanges_provided")
    recipient = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="exchanges_received")
    proposed_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="exchanges")
    note = models.CharField(_("note"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REQUESTED)
    # Recorded by the provider on completion; what confirmation pays and what counts as served.
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    transfer = models.OneToOneField(
        Transfer, on_delete=models.PROTECT, null=True, blank=True, related_name="exchange"
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        indexes = [models.Index(fields=["state", "completed_at"], name="exchange_state_completed")]
        constraints = [
            models.CheckConstraint(condition=~Q(provider=F("recipient")), name="exchange_not_with_oneself"),
            models.CheckConstraint(
                condition=Q(offer__isnull=False) | Q(request__isnull=False), name="exchange_from_a_listing"
            ),
            models.CheckConstraint(
                condition=Q(
                    state__in=["requested", "accepted", "completed", "confirmed", "disputed", "cancelled"]
                ),
                name="exchange_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gt=0), name="exchange_minutes_positive"
            ),
            models.CheckConstraint(
                condition=(Q(state="confirmed") & Q(transfer__isnull=False) & Q(minutes__isnull=False))
                | (~Q(state="confirmed") & Q(transfer__isnull=True)),
                name="exchange_confirmed_iff_paid",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.id} {self.state}"


class ExchangeEvent(models.Model):
    """Append-only: one row per state change, with who did it (and for whom) and when."""

    exchange = models.ForeignKey(Exchange, on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField(_("from"), max_length=10, blank=True)
    to_state = models.CharField(_("to"), max_length=10)
    # None: the system (auto-confirmation).
    actor = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    on_behalf_of = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("exchange event")
        verbose_name_plural = _("exchange events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"#{self.exchange_id} {self.from_state} -> {self.to_state}"
