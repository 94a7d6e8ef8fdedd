"""State changes of members (STYLE.md 2): registration, approval, rejection, login and tokens."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.text import check_model_texts, check_text
from sharepool.credentials.purge import PURGE_BATCH_SIZE, PurgedCredentials, purge_credentials
from sharepool.credentials.throttle import is_login_throttled
from sharepool.credentials.tokens import hash_token, new_token_text, token_expiry
from sharepool.tenants.members.errors import MemberError, MemberErrorCode
from sharepool.tenants.members.models import (
    CommunitySettings,
    Member,
    MemberEvent,
    MemberLoginAttempt,
    MemberToken,
)
from sharepool.tenants.neighbourhood.models import Building
from sharepool.tenants.neighbourhood.services import building_for_text
from sharepool.tenants.recognition.services import grant_member_number_milestone

MEMBER_TOKEN_PREFIX = "spm"
# Mainland mobile numbers: 11 digits starting with 1 and a second digit 3-9.
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
# Every thousandth member is celebrated (the reference community honoured its 1,000th member).
MILESTONE_EVERY = 1000


@dataclass(frozen=True)
class IssuedToken:
    member: Member
    token: str  # shown to the client once; only its hash is stored
    expires_at: datetime


def next_member_number() -> int:
    # Callers hold the lock taken in do_lock_member_numbers, so two approvals never share a number.
    return (Member.objects.aggregate(top=Max("member_number"))["top"] or 0) + 1


def do_lock_member_numbers() -> None:
    # The settings row is the one row every approval touches: locking it serialises numbering.
    CommunitySettings.objects.select_for_update().get(id=1)


@transaction.atomic
def do_create_community_settings() -> CommunitySettings:
    settings, _ = CommunitySettings.objects.get_or_create(id=1)
    return settings


@transaction.atomic
def do_create_community_admin(*, username: str, password: str, display_name: str) -> Member:
    """The first account of a new community: active, numbered, with the admin role."""
    user_model = get_user_model()
    user = user_model(username=username)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    do_lock_member_numbers()
    return Member.objects.create(
        user=user,
        display_name=display_name,
        role=Member.Role.ADMIN,
        status=Member.Status.ACTIVE,
        member_number=next_member_number(),
        approved_at=timezone.now(),
    )


def mask_phone(phone: str) -> str:
    """138****5678: enough for a neighbour to recognise, not enough to call."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


# ---------------------------------------------------------------------------------------------
# Registration


def check_register_member(*, username: str, password: str, display_name: str, phone: str) -> None:
    if not display_name.strip():
        raise MemberError(MemberErrorCode.NAME_REQUIRED, _("Please give your name."), field="displayName")
    if not username:
        raise MemberError(MemberErrorCode.USERNAME_REQUIRED, _("Choose a username."), field="username")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise MemberError(
            MemberErrorCode.USERNAME_INVALID,
            _("A username may hold letters, digits and @/./+/-/_ only."),
            field="username",
        ) from None
    if len(username) > 150:
        raise MemberError(
            MemberErrorCode.USERNAME_INVALID, _("A username has at most 150 characters."), field="username"
        )
    if get_user_model().objects.filter(username=username).exists():
        raise MemberError(MemberErrorCode.USERNAME_TAKEN, _("This username is taken."), field="username")
    if not PHONE_PATTERN.match(phone):
        raise MemberError(MemberErrorCode.PHONE_INVALID, _("Enter an 11-digit mobile number."), field="phone")
    try:
        validate_password(password, get_user_model()(username=username))
    except ValidationError as error:
        raise MemberError(
            MemberErrorCode.PASSWORD_INVALID, " ".join(error.messages), field="password"
        ) from None


@transaction.atomic
def do_register_member(
    *,
    username: str,
    password: str,
    display_name: str,
    phone: str,
    building: str = "",
    unit: str = "",
    skills: str = "",
    kind: str = Member.Kind.INDIVIDUAL,
) -> Member:
    """A resident (or an organisation, as a collective member) applies: pending until a worker decides."""
    username = username.strip()
    phone = phone.strip()
    check_register_member(username=username, password=password, display_name=display_name, phone=phone)
    check_model_texts(get_user_model(), username=username)
    check_text(password, field="password")
    check_model_texts(Member, display_name=display_name, phone=phone, unit=unit, skills=skills)
    check_text(building, field="building", max_length=Building._meta.get_field("name").max_length)
    user = get_user_model().objects.create_user(username=username, password=password)
    member = Member.objects.create(
        user=user,
        display_name=display_name.strip(),
        phone=phone,
        building=building_for_text(building),
        unit=unit.strip(),
        skills=skills.strip(),
        kind=kind,
        role=Member.Role.COLLECTIVE if kind == Member.Kind.COLLECTIVE else Member.Role.RESIDENT,
        status=Member.Status.PENDING,
    )
    MemberEvent.objects.create(member=member, kind=MemberEvent.Kind.APPLIED, actor=member)
    return member


# ---------------------------------------------------------------------------------------------
# Approval


def _pending_member_for_update(member_id) -> Member:
    try:
        member = Member.objects.select_for_update().get(id=int(member_id))
    except (Member.DoesNotExist, ValueError, TypeError):
        raise MemberError(MemberErrorCode.MEMBER_NOT_FOUND, _("No such member."), field="id") from None
    if member.status != Member.Status.PENDING:
        raise MemberError(
            MemberErrorCode.MEMBER_NOT_PENDING, _("This application has already been decided."), field="id"
        )
    return member


@transaction.atomic
def do_approve_member(*, actor: Member, member_id) -> Member:
    """Activate an applicant and give them the next member number."""
    do_lock_member_numbers()
    member = _pending_member_for_update(member_id)
    member.status = Member.Status.ACTIVE
    member.member_number = next_member_number()
    member.approved_at = timezone.now()
    member.save(update_fields=["status", "member_number", "approved_at"])
    MemberEvent.objects.create(
        member=member,
        kind=MemberEvent.Kind.APPROVED,
        actor=actor,
        detail={"member_number": member.member_number},
    )
    if member.member_number % MILESTONE_EVERY == 0:
        MemberEvent.objects.create(
            member=member,
            kind=MemberEvent.Kind.MILESTONE,
            actor=actor,
            detail={"member_number": member.member_number},
        )
    grant_member_number_milestone(member=member, now=member.approved_at)
    return member


@transaction.atomic
def do_reject_member(*, actor: Member, member_id, reason: str) -> Member:
    reason = reason.strip()
    if not reason:
        raise MemberError(
            MemberErrorCode.REASON_REQUIRED,
            _("Tell the applicant why they are not admitted."),
            field="reason",
        )
    check_text(reason, field="reason")
    member = _pending_member_for_update(member_id)
    member.status = Member.Status.REJECTED
    member.rejection_reason = reason
    member.save(update_fields=["status", "rejection_reason"])
    MemberEvent.objects.create(
        member=member, kind=MemberEvent.Kind.REJECTED, actor=actor, detail={"reason": reason}
    )
    return member


# ---------------------------------------------------------------------------------------------
# Login and tokens

# A pending applicant may sign in to follow their application; rejected and suspended members may not.
MAY_SIGN_IN = (Member.Status.ACTIVE, Member.Status.PENDING)


def _record_attempt(*, username: str, address: str | None, succeeded: bool) -> None:
    MemberLoginAttempt.objects.create(username=username[:150], address=address, succeeded=succeeded)


def do_login_member(*, username: str, password: str, address: str | None) -> IssuedToken:
    """Check the password and issue a bearer token. Every attempt is recorded, so the limits can count it.

    Not one transaction: a failed attempt must stay recorded while the error goes back to the caller.
    """
    check_text(username, field="username")
    check_text(password, field="password")
    if is_login_throttled(MemberLoginAttempt, username=username, address=address):
        raise MemberError(
            MemberErrorCode.TOO_MANY_ATTEMPTS, _("Too many failed attempts. Try again in a few minutes.")
        )
    user = authenticate(username=username, password=password)
    member = Member.objects.filter(user=user).first() if user is not None else None
    if member is None:
        _record_attempt(username=username, address=address, succeeded=False)
        raise MemberError(MemberErrorCode.INVALID_CREDENTIALS, _("Wrong username or password."))
    if member.status not in MAY_SIGN_IN:
        _record_attempt(username=username, address=address, succeeded=False)
        raise MemberError(MemberErrorCode.ACCOUNT_INACTIVE, _("This membership is not active."))
    with transaction.atomic():
        _record_attempt(username=username, address=address, succeeded=True)
        return do_issue_member_token(member=member)


@transaction.atomic
def do_issue_member_token(*, member: Member) -> IssuedToken:
    text = new_token_text(MEMBER_TOKEN_PREFIX)
    token = MemberToken.objects.create(member=member, key_hash=hash_token(text), expires_at=token_expiry())
    return IssuedToken(member=member, token=text, expires_at=token.expires_at)


def member_for_token(text: str) -> tuple[Member, MemberToken] | None:
    """The member a bearer token belongs to in the current schema, or None when it is unknown, expired or revoked."""
    token = (
        MemberToken.objects.select_related("member__user", "member__building")
        .filter(key_hash=hash_token(text))
        .first()
    )
    if token is None or not token.is_valid or token.member.status not in MAY_SIGN_IN:
        return None
    return token.member, token


@transaction.atomic
def do_revoke_member_token(*, token: MemberToken) -> None:
    MemberToken.objects.filter(id=token.id, revoked_at__isnull=True).update(revoked_at=timezone.now())


def do_purge_member_credentials(*, now: datetime, batch_size: int = PURGE_BATCH_SIZE) -> PurgedCredentials:
    """Delete this community's tokens ended more than TOKEN_RETENTION ago and its login attempts older
    than LOGIN_ATTEMPT_RETENTION (sharepool/credentials/purge.py); beat runs it in every community.

    Atomic per batch rather than as a whole, so a backlog of millions of rows is never one transaction;
    a run cut short has deleted only rows past retention, and the next run deletes the rest.
    """
    return purge_credentials(MemberToken, MemberLoginAttempt, now=now, batch_size=batch_size)
