"""Platform sign-in (public schema): login, tokens, and the street-office scoping of communities."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.text import check_text
from sharepool.credentials.models import AddressLoginAttempt
from sharepool.credentials.purge import (
    PURGE_BATCH_SIZE,
    PurgedCredentials,
    delete_in_batches,
    old_login_attempts,
    purge_credentials,
)
from sharepool.credentials.throttle import begin_login_attempt, settle_login_attempt
from sharepool.credentials.tokens import hash_token, new_token_text, token_expiry
from sharepool.platform.accounts.actors import StaffActor, staff_actor
from sharepool.platform.accounts.errors import StaffError, StaffErrorCode
from sharepool.platform.accounts.models import StaffLoginAttempt, StaffToken
from sharepool.platform.communities.models import Community, StreetOffice

STAFF_TOKEN_PREFIX = "sps"


@dataclass(frozen=True)
class IssuedStaffToken:
    actor: StaffActor
    token: str
    expires_at: datetime


def do_sign_in_staff(*, username: str, password: str, address: str | None) -> StaffActor:
    """Like do_login_member: every attempt counted and recorded before the password is checked. For a
    session (the /office/ pages); do_login_staff adds an API token."""
    check_text(username, field="username")
    check_text(password, field="password")
    attempt = begin_login_attempt(StaffLoginAttempt, username=username, address=address)
    if attempt is None:
        raise StaffError(
            StaffErrorCode.TOO_MANY_ATTEMPTS, _("Too many failed attempts. Try again in a few minutes.")
        )
    actor = staff_actor(authenticate(username=username, password=password))
    if actor is None:
        raise StaffError(StaffErrorCode.INVALID_CREDENTIALS, _("Wrong username or password."))
    settle_login_attempt(attempt)
    return actor


def do_login_staff(*, username: str, password: str, address: str | None) -> IssuedStaffToken:
    # Outside the token's transaction: a failed attempt stays recorded when the refusal is raised.
    actor = do_sign_in_staff(username=username, password=password, address=address)
    with transaction.atomic():
        text = new_token_text(STAFF_TOKEN_PREFIX)
        token = StaffToken.objects.create(
            user=actor.user, key_hash=hash_token(text), expires_at=token_expiry()
        )
    return IssuedStaffToken(actor=actor, token=text, expires_at=token.expires_at)


def staff_for_token(text: str) -> tuple[StaffActor, StaffToken] | None:
    token = (
        StaffToken.objects.select_related("user__street_office_staff")
        .filter(key_hash=hash_token(text))
        .first()
    )
    if token is None or not token.is_valid:
        return None
    actor = staff_actor(token.user)
    return (actor, token) if actor is not None else None


@transaction.atomic
def do_revoke_staff_token(*, token: StaffToken) -> None:
    StaffToken.objects.filter(id=token.id, revoked_at__isnull=True).update(revoked_at=timezone.now())


def do_purge_staff_credentials(*, now: datetime, batch_size: int = PURGE_BATCH_SIZE) -> PurgedCredentials:
    """Like do_purge_member_credentials, for platform accounts (public schema): atomic per batch. The
    attempts by address of every community live in the public schema too, and go with these."""
    purged = purge_credentials(StaffToken, StaffLoginAttempt, now=now, batch_size=batch_size)
    by_address = delete_in_batches(
        old_login_attempts(AddressLoginAttempt.objects.all(), now=now), batch_size=batch_size
    )
    return PurgedCredentials(tokens=purged.tokens, login_attempts=purged.login_attempts + by_address)


def access_communities(actor: StaffActor) -> QuerySet[Community]:
    """The communities an actor may see (STYLE.md 6): all for an operator, their street office's otherwise."""
    communities = Community.objects.exclude(status=Community.Status.PROVISIONING)
    if actor.is_operator:
        return communities
    return communities.filter(street_office_id=actor.street_office_id)


def street_office_for_onboarding(actor: StaffActor, requested_name: str | None) -> str:
    """Staff onboard for their own street office only; an operator names any office."""
    if actor.is_operator:
        return requested_name or ""  # onboarding itself refuses an empty name (street_office_required)
    if actor.street_office_id is None:  # staff_actor() gives every account but an operator's an office
        raise StaffError(
            StaffErrorCode.STREET_OFFICE_FORBIDDEN,
            _("You may onboard communities for your own street office only."),
            field="streetOffice",
        )
    own = StreetOffice.objects.get(id=actor.street_office_id).name
    if requested_name and requested_name.strip() != own:
        raise StaffError(
            StaffErrorCode.STREET_OFFICE_FORBIDDEN,
            _("You may onboard communities for your own street office only."),
            field="streetOffice",
        )
    return own
