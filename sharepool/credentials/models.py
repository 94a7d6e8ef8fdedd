"""The one table of login failures by client address, in the public schema (issue 10).

The per-address limit counts failures across every community and the platform: an address guessing
passwords on one community's host is the same address on the next one. Per-account attempts stay in
each schema's own table (members' MemberLoginAttempt, staff's StaffLoginAttempt), where the account is.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AddressLoginAttempt(models.Model):
    """An attempt from an address, recorded as failed when it starts and marked succeeded when it does."""

    address = models.GenericIPAddressField(_("client address"))
    schema_name = models.CharField(_("schema"), max_length=63, help_text=_("where the account lives"))
    succeeded = models.BooleanField(_("succeeded"), default=False)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("login attempt by address")
        verbose_name_plural = _("login attempts by address")
        indexes = [models.Index(fields=["address", "at"])]

    def __str__(self) -> str:
        return f"{self.address} {self.schema_name} {self.at:%Y-%m-%d %H:%M}"
