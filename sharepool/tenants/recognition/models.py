"""Milestones a community celebrates (the 1,000th member was honoured at a ceremony)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.members.models import Member

# The community's admin sets its milestones (CommunitySettings, issue 14); these are the defaults.
MEMBER_NUMBER_MILESTONES = (1_000, 5_000, 10_000)
HOURS_SERVED_MILESTONES = (10, 50, 100)


class Recognition(models.Model):
    class Kind(models.TextChoices):
        MEMBER_NUMBER = "member_number", _("member number")
        HOURS_SERVED = "hours_served", _("hours served")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    threshold = models.PositiveIntegerField(_("threshold"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="recognitions")
    granted_at = models.DateTimeField(_("granted"))

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "threshold", "member"], name="recognition_once"),
            models.CheckConstraint(condition=Q(threshold__gt=0), name="recognition_threshold_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.threshold}: {self.member_id}"
