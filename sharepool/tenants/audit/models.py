"""The audit trail of a community's staff actions, in the community's own schema (issue 11).

Members are named by id and by their display name at the time, not by foreign key: the trail outlives
renames, and every app may write to it without depending on the members app.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommunityAuditEntry(models.Model):
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    actor_id = models.IntegerField(_("actor"), null=True)  # None: the community itself (a scheduled task)
    actor_name = models.CharField(_("actor's name"), max_length=100, blank=True)
    acting_for_id = models.IntegerField(_("acting for"), null=True)  # a worker acting for a member
    action = models.CharField(_("action"), max_length=64)
    subject_type = models.CharField(_("subject type"), max_length=64)
    subject_id = models.CharField(_("subject id"), max_length=64)
    before = models.JSONField(_("before"), null=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["-occurred_at", "-id"], name="community_audit_newest"),
            models.Index(fields=["subject_type", "subject_id"], name="community_audit_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.action} {self.subject_type} #{self.subject_id}"
