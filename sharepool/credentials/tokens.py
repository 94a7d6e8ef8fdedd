"""Bearer tokens: random text given once to the client, only its hash kept."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def new_token_text(prefix: str) -> str:
    # The prefix tells a member token (spm_) from a staff token (sps_) in logs and support requests.
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def hash_token(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def token_expiry():
    return timezone.now() + timedelta(seconds=settings.API_TOKEN_TTL_SECONDS)
