"""Public-schema credentials of platform accounts (operators and street-office staff)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sharepool.credentials.base_models import AccessToken, LoginAttempt


class StaffToken(AccessToken):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_tokens")

    class Meta:
        verbose_name = _("staff token")
        verbose_name_plural = _("staff tokens")


class StaffLoginAttempt(LoginAttempt):
    class Meta(LoginAttempt.Meta):
        verbose_name = _("staff login attempt")
        verbose_name_plural = _("staff login attempts")
