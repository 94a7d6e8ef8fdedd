"""The audit trail of the federation and the platform, in the public schema (issue 11).

The actor is recorded as plain data (kind, ids, name at the time) so that a public row never holds a
foreign key into a tenant schema (ARCHITECTURE.md), and `street_office_id` says whose staff may read it.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PlatformAuditEntry(models.Model):
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    actor_kind = models.CharField(_("actor kind"), max_length=20)
    actor_name = models.CharField(_("actor's name"), max_length=200, blank=True)
    actor_user_id = models.IntegerField(_("platform account"), null=True)
    actor_organisation_id = models.IntegerField(_("organisation"), null=True)
    actor_community_id = models.IntegerField(_("community"), null=True)
    actor_member_id = models.IntegerField(_("member"), null=True)  # in the actor's community's schema
    acting_for_organisation_id = models.IntegerField(_("acting for organisation"), null=True)
    street_office_id = models.IntegerField(_("street office"), null=True)
    action = models.CharField(_("action"), max_length=64)
    subject_type = models.CharField(_("subject type"), max_length=64)
    subject_id = models.CharField(_("subject id"), max_length=64)
    before = models.JSONField(_("before"), null=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["-occurred_at", "-id"], name="platform_audit_newest"),
            models.Index(fields=["street_office_id", "-occurred_at"], name="platform_audit_office"),
            models.Index(fields=["subject_type", "subject_id"], name="platform_audit_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.action} {self.subject_type} #{self.subject_id}"
