"""State changes of members (STYLE.md 2): registration, approval, rejection, login and tokens."""

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.rows import column_list, instances_from_row
from sharepool.core.text import check_model_texts, check_text
from sharepool.credentials.purge import PURGE_BATCH_SIZE, PurgedCredentials, purge_credentials
from sharepool.credentials.throttle import begin_login_attempt, settle_login_attempt
from sharepool.credentials.tokens import hash_token, new_token_text, token_expiry
from sharepool.credentials.usernames import FOLDED_USERNAME_INDEX, normalized_username, username_is_taken
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.members.errors import MemberError, MemberErrorCode
from sharepool.tenants.members.models import (
    CommunitySettings,
    Member,
    MemberEvent,
    MemberLoginAttempt,
    MemberToken,
)

MEMBER_TOKEN_PREFIX = "spm"
# Mainland mobile numbers: 11 digits starting with 1 and a second digit 3-9.
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


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


def change_community_settings(*, actor: Member, action: str, **values) -> CommunitySettings:
    """Set fields of the community's settings under the row's lock, audited with what they were: the one
    way a plain setting changes (the caller has checked the permission and the values)."""
    settings = CommunitySettings.objects.select_for_update().get(id=1)
    before = {name: getattr(settings, name) for name in values}
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save(update_fields=list(values))
    record_audit(actor=actor, action=action, subject=settings, before=before, after=values)
    return settings


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


def username_taken() -> MemberError:
    return MemberError(MemberErrorCode.USERNAME_TAKEN, _("This username is taken."), field="username")


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
    if username_is_taken(get_user_model(), username):
        raise username_taken()
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
    building=None,
    unit: str = "",
    skills: str = "",
    kind: str = Member.Kind.INDIVIDUAL,
) -> Member:
    """A resident (or an organisation, as a collective member) applies: pending until a worker decides.

    `building` is a neighbourhood Building or None: residents name it in free text, which the
    neighbourhood, a layer above, turns into a building (neighbourhood.services.do_register_resident).
    """
    check_text(username, field="username")  # before normalising: NFKC of a lone surrogate raises
    username = normalized_username(username)
    phone = phone.strip()
    check_register_member(username=username, password=password, display_name=display_name, phone=phone)
    check_model_texts(get_user_model(), username=username)
    check_text(password, field="password")
    check_model_texts(Member, display_name=display_name, phone=phone, unit=unit, skills=skills)
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(username=username, password=password)
    except IntegrityError as error:  # a concurrent registration of the same folded name won
        if FOLDED_USERNAME_INDEX in str(error) or "auth_user_username_key" in str(error):
            raise username_taken() from None
        raise
    member = Member.objects.create(
        user=user,
        display_name=display_name.strip(),
        phone=phone,
        building=building,
        unit=unit.strip(),
        skills=skills.strip(),
        kind=kind,
        role=Member.Role.COLLECTIVE if kind == Member.Kind.COLLECTIVE else Member.Role.RESIDENT,
        status=Member.Status.PENDING,
    )
    MemberEvent.objects.create(member=member, kind=MemberEvent.Kind.APPLIED, actor=member)
    return member


@transaction.atomic
def do_update_member_profile(*, member_id: int, building, unit: str, skills: str) -> Member:
    """A member changes where they live and what they offer (their own profile, /me/ or `updateProfile`)."""
    check_model_texts(Member, unit=unit, skills=skills)  # building: a neighbourhood Building or None
    member = Member.objects.select_for_update().get(id=member_id)
    member.building, member.unit, member.skills = building, unit.strip(), skills.strip()
    member.save(update_fields=["building", "unit", "skills"])
    return member


# ---------------------------------------------------------------------------------------------
# Login and tokens

# A pending applicant may sign in to follow their application; rejected and suspended members may not.
MAY_SIGN_IN = (Member.Status.ACTIVE, Member.Status.PENDING)


def do_login_member(*, username: str, password: str, address: str | None) -> IssuedToken:
    """Check the password and issue a bearer token (the API's login)."""
    member = do_sign_in_member(username=username, password=password, address=address)
    return do_issue_member_token(member=member)


def do_sign_in_member(*, username: str, password: str, address: str | None) -> Member:
    """Check the password under the login limits: the member who may sign in, or a MemberError. The API
    issues a token on top of it; the web pages start a session (issue 12).

    Every attempt is counted and recorded before the password is checked, in one atomic step
    (sharepool/credentials/throttle.py), so the limits hold for concurrent attempts too. Not one
    transaction: a failed attempt must stay recorded while the error goes back to the caller.
    """
    check_text(username, field="username")
    check_text(password, field="password")
    attempt = begin_login_attempt(MemberLoginAttempt, username=username, address=address)
    if attempt is None:
        raise MemberError(
            MemberErrorCode.TOO_MANY_ATTEMPTS, _("Too many failed attempts. Try again in a few minutes.")
        )
    user = authenticate(username=username, password=password)
    member = Member.objects.filter(user=user).first() if user is not None else None
    if member is None:
        raise MemberError(MemberErrorCode.INVALID_CREDENTIALS, _("Wrong username or password."))
    if member.status == Member.Status.REJECTED and member.rejection_reason:
        # Only someone with the password learns why: the applicant, told the worker's reason (issue 12).
        raise MemberError(
            MemberErrorCode.ACCOUNT_INACTIVE,
            _("Your application was not accepted. The community worker's reason: %(reason)s")
            % {"reason": member.rejection_reason},
        )
    if member.status not in MAY_SIGN_IN:
        raise MemberError(MemberErrorCode.ACCOUNT_INACTIVE, _("This membership is not active."))
    settle_login_attempt(attempt)
    return member


@transaction.atomic
def do_issue_member_token(*, member: Member) -> IssuedToken:
    text = new_token_text(MEMBER_TOKEN_PREFIX)
    token = MemberToken.objects.create(member=member, key_hash=hash_token(text), expires_at=token_expiry())
    return IssuedToken(member=member, token=text, expires_at=token.expires_at)


@lru_cache(maxsize=1)
def _token_statement() -> str:
    user_model = get_user_model()
    return (
        f"SELECT {column_list(MemberToken, 't')}, {column_list(Member, 'm')}, {column_list(user_model, 'u')} "  # noqa: S608
        f"FROM {MemberToken._meta.db_table} t JOIN {Member._meta.db_table} m ON m.id = t.member_id "
        f"JOIN {user_model._meta.db_table} u ON u.id = m.user_id WHERE t.key_hash = %s"
    )


def member_for_token(text: str) -> tuple[Member, MemberToken] | None:
    """The member a bearer token belongs to in the current schema, or None when it is unknown, expired or revoked.

    Every API call asks this. One statement written once, not an ORM query compiled per request: the
    ORM's select_related() was 42% of a worker's CPU on an authenticated call (issue 15).
    """
    with connection.cursor() as cursor:
        cursor.execute(_token_statement(), [hash_token(text)])
        row = cursor.fetchone()
    if row is None:
        return None
    token, member, user = instances_from_row(row, MemberToken, Member, get_user_model())
    member.user = user
    token.member = member
    if not token.is_valid or member.status not in MAY_SIGN_IN:
        return None
    return member, token


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
