"""Public-schema models: street offices, communities (the tenants) and their domains."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
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
