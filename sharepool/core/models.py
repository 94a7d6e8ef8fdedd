from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxTask(models.Model):
    """A task asked for by a committed transaction and not yet handed to the broker (background.py).

    One table in the public schema for every community: a tenant's search path ends in `public`, so a
    row is written in the same transaction as the community's own change, and it names the schema the
    task must run in. One table means one relay query for the whole platform, not one per schema.
    """

    task_name = models.CharField(_("task"), max_length=200)
    schema_name = models.CharField(_("schema"), max_length=63)
    kwargs = models.JSONField(_("arguments"), default=dict)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("relay attempts"), default=0)
    last_error = models.CharField(_("last relay error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")
        indexes = [models.Index(fields=["created"], name="core_outbox_created")]

    def __str__(self) -> str:
        return f"{self.task_name} in {self.schema_name}"
