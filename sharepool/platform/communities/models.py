"""Public-schema models: street offices, communities (the tenants) and their domains."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    # django-tenants ships no types, so its abstract models would be Any and Community and Domain untyped
    # for the Django plugin: mypy reads these declarations of the fields and attributes we use instead.

    class TenantMixin(models.Model):
        schema_name = models.CharField(max_length=63, unique=True)
        domain_url: str | None
        auto_create_schema: bool
        auto_drop_schema: bool

        class Meta:
            abstract = True

        def __enter__(self) -> None: ...  # inside `with community:` the connection is on its schema
        def __exit__(self, *exc_info: object) -> None: ...
        def delete(
            self, *args: Any, force_drop: bool = False, **kwargs: Any
        ) -> tuple[int, dict[str, int]]: ...

    class DomainMixin(models.Model):
        domain = models.CharField(max_length=253, unique=True)
        tenant = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="domains")
        is_primary = models.BooleanField(default=True)

        class Meta:
            abstract = True

else:
    from django_tenants.models import DomainMixin, TenantMixin


class StreetOffice(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("street office")
        verbose_name_plural = _("street offices")

    def __str__(self) -> str:
        return self.name


class StreetOfficeStaff(models.Model):
    """A platform-side account (public schema) working for one street office."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="street_office_staff"
    )
    street_office = models.ForeignKey(StreetOffice, on_delete=models.CASCADE, related_name="staff")

    class Meta:
        verbose_name = _("street office staff")
        verbose_name_plural = _("street office staff")

    def __str__(self) -> str:
        return f"{self.user} @ {self.street_office}"


class Community(TenantMixin):
    class Status(models.TextChoices):
        PROVISIONING = "provisioning", _("provisioning")
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        ARCHIVED = "archived", _("archived")

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    street_office = models.ForeignKey(StreetOffice, on_delete=models.PROTECT, related_name="communities")
    district = models.CharField(_("district"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    locale = models.CharField(_("default language"), max_length=10, default="zh-hans")
    timezone = models.CharField(_("time zone"), max_length=50, default="Asia/Shanghai")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROVISIONING)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    # Schemas come from the pool of ready schemas (schema_pool.py), never from save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["provisioning", "active", "suspended", "archived"]),
                name="community_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.slug})"

    @property
    def is_serving(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.SUSPENDED)


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class OnboardingReceipt(models.Model):
    """What one onboarding request with an idempotency key made, so that its lost answer can be asked
    for again (issue #10).

    Keys belong to the account that sent them. The generated admin password is kept only until the
    answer has been given a second time: a replay shows it once more and clears it.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding_receipts"
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100)
    # The request's parameters: the same key with other parameters is refused.
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="onboarding_receipts")
    admin_username = models.CharField(_("admin username"), max_length=150)
    admin_password = models.CharField(_("admin password, until shown again"), max_length=128, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("onboarding receipt")
        verbose_name_plural = _("onboarding receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "idempotency_key"], name="onboarding_receipt_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.idempotency_key} -> {self.community_id}"


class CommunityDailyFigures(models.Model):
    """A community's figures of one day, copied from its daily snapshot into the public schema (issue 14).

    The street office compares its communities from these rows: one query for all of them, instead of
    one per community schema. Written by the snapshot itself (gateways.community_figures), once a day.
    Figures a snapshot taken before issue 14 did not hold are null.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="daily_figures")
    day = models.DateField(_("day"))
    members = models.PositiveIntegerField(_("members"))
    active_members_30_days = models.PositiveIntegerField(_("members active in the last 30 days"), null=True)
    minutes_served = models.PositiveBigIntegerField(_("minutes served"))
    minutes_served_this_month = models.PositiveBigIntegerField(_("minutes served this month"), null=True)
    exchanges = models.PositiveIntegerField(_("exchanges"), null=True)
    activities_held = models.PositiveIntegerField(_("activities held"), null=True)

    class Meta:
        verbose_name = _("community's daily figures")
        verbose_name_plural = _("communities' daily figures")
        constraints = [
            models.UniqueConstraint(fields=["community", "day"], name="community_daily_figures_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.day}: {self.members}"
