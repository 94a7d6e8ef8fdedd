"""Abstract models shared by member credentials (each community's schema) and staff credentials (public schema).

A token is stored as the SHA-256 of its text: a leaked table grants nothing. A row is valid until it
expires or is revoked.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessToken(models.Model):
    key_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.key_hash[:8]}…"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class LoginAttempt(models.Model):
    """One row per login attempt: what the per-account and per-address limits count."""

    username = models.CharField(_("username"), max_length=150)
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        abstract = True
        indexes = [
            models.Index(fields=["username", "at"]),
            models.Index(fields=["address", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M} {'ok' if self.succeeded else 'failed'}"
