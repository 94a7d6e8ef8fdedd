"""Organisation API tokens: hashed, scoped to one organisation, expiring, revocable.

The token is shown once; only its SHA-256 is stored (a leaked table grants nothing). A 256-bit random
secret needs no slow hash: nobody can guess one, so a fast, indexed lookup is safe.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.text import check_model_texts
from sharepool.credentials.purge import PURGE_BATCH_SIZE, delete_in_batches, ended_tokens
from sharepool.platform.federation.access import access_organisation_to_manage, access_token_to_manage
from sharepool.platform.federation.actors import FederationActor, OrganisationActor, organisation_actor
from sharepool.platform.federation.audit import Action, audit_for_organisation
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import OrganisationToken

TOKEN_PREFIX = "spo_"
MAX_EXPIRY_DAYS = 366
# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token_id: int
    organisation_id: int
    token: str  # shown once
    expires_at: datetime


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_issue_organisation_token(
    *, actor: FederationActor, organisation_id=None, name: str, expires_in_days: int = 90
) -> IssuedToken:
    if organisation_id is None:
        organisation_id = actor.organisation_id
    organisation = access_organisation_to_manage(actor, organisation_id)
    if not name.strip():
        raise FederationError(FederationErrorCode.NAME_REQUIRED, _("Name the token."), field="name")
    check_model_texts(OrganisationToken, name=name.strip())
    if not (1 <= expires_in_days <= MAX_EXPIRY_DAYS):
        raise FederationError(
            FederationErrorCode.TOKEN_EXPIRY_INVALID,
            _("A token lasts between 1 and %(n)d days.") % {"n": MAX_EXPIRY_DAYS},
            field="expiresInDays",
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = OrganisationToken.objects.create(
        organisation=organisation,
        name=name.strip(),
        token_hash=hash_token(token),
        prefix=token[:12],
        expires_at=timezone.now() + timedelta(days=expires_in_days),
    )
    # The token's name and expiry, never its hash.
    audit_for_organisation(
        actor,
        Action.ORGANISATION_TOKEN_ISSUED,
        row,
        organisation,
        after={"name": row.name, "prefix": row.prefix, "expires_at": row.expires_at},
    )
    return IssuedToken(
        token_id=row.id, organisation_id=organisation.id, token=token, expires_at=row.expires_at
    )


@transaction.atomic
def do_revoke_organisation_token(*, actor: FederationActor, token_id) -> OrganisationToken:
    token = access_token_to_manage(actor, token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_for_organisation(
            actor,
            Action.ORGANISATION_TOKEN_REVOKED,
            token,
            token.organisation,
            before={"name": token.name, "revoked_at": None},
            after={"name": token.name, "revoked_at": token.revoked_at},
        )
    return token


def do_purge_organisation_tokens(*, now: datetime, batch_size: int = PURGE_BATCH_SIZE) -> int:
    """Delete tokens ended (expired or revoked) more than TOKEN_RETENTION ago; beat runs it daily.
    Atomic per batch (sharepool/credentials/purge.py). Returns how many."""
    return delete_in_batches(ended_tokens(OrganisationToken.objects.all(), now=now), batch_size=batch_size)


def is_organisation_token(token: str) -> bool:
    return token.startswith(TOKEN_PREFIX)


def organisation_for_token(token: str) -> tuple[OrganisationActor, OrganisationToken] | None:
    """The organisation behind a live token and the token's row, or None (unknown, revoked and expired
    look the same)."""
    if not is_organisation_token(token):
        return None
    row = (
        OrganisationToken.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()
    )
    now = timezone.now()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        OrganisationToken.objects.filter(id=row.id).update(last_used_at=now)
    return organisation_actor(row.organisation), row


def authenticate_organisation_token(token: str) -> OrganisationActor | None:
    found = organisation_for_token(token)
    return found[0] if found else None
