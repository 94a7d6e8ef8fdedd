"""Operators make street offices and their staff accounts (issue 14): before, only by hand in a shell.

The one pair of domain functions behind the platform's GraphQL operations, the operators' page on
/office/ and `manage.py create_street_office`. Each is audited in the platform's trail.
"""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sharepool.core.ids import parse_id
from sharepool.core.text import check_model_texts, check_text
from sharepool.platform.accounts.actors import StaffActor
from sharepool.platform.accounts.errors import StaffError, StaffErrorCode
from sharepool.platform.accounts.permissions import PLATFORM_PERMISSIONS, PlatformPermission, staff_role
from sharepool.platform.audit.services import PlatformAuditAction, record_audit
from sharepool.platform.communities.models import StreetOffice, StreetOfficeStaff
from sharepool.platform.federation.actors import OperatorActor


def check_may_manage_street_offices(actor: StaffActor | None) -> StaffActor:
    """The operator acting; anyone else (nobody signed in included) is refused."""
    if actor is None or not PLATFORM_PERMISSIONS.allows(
        staff_role(actor), PlatformPermission.MANAGE_STREET_OFFICES
    ):
        raise StaffError(StaffErrorCode.NOT_ALLOWED, _("Only operators make street offices and their staff."))
    return actor


def audit_actor(actor: StaffActor) -> OperatorActor:
    return OperatorActor(user_id=actor.user.pk, display_name=actor.user.get_username())


def do_create_street_office(*, actor: StaffActor | None, name: str, district: str = "") -> StreetOffice:
    operator = check_may_manage_street_offices(actor)
    name, district = name.strip(), district.strip()
    check_model_texts(StreetOffice, name=name, district=district)
    if not name:
        raise StaffError(StaffErrorCode.NAME_REQUIRED, _("Name the street office."), field="name")
    try:
        with transaction.atomic():
            office = StreetOffice.objects.create(name=name, district=district)
            record_audit(
                actor=audit_actor(operator),
                action=PlatformAuditAction.STREET_OFFICE_CREATED,
                subject=office,
                street_office_id=office.id,
                after={"name": name, "district": district},
            )
    except IntegrityError as error:  # the unique name, also when two operators make it at once
        raise StaffError(
            StaffErrorCode.NAME_TAKEN, _("A street office with this name already exists."), field="name"
        ) from error
    return office


@dataclass(frozen=True)
class CreatedStaffAccount:
    user_id: int
    username: str
    street_office_id: int
    password: str | None  # the generated one, shown once; None when the operator chose it


def check_new_username(username: str) -> None:
    check_text(username, field="username", max_length=150)
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as error:
        raise StaffError(
            StaffErrorCode.USERNAME_INVALID, " ".join(error.messages), field="username"
        ) from error
    if not username:
        raise StaffError(StaffErrorCode.USERNAME_INVALID, _("Choose a username."), field="username")
    if get_user_model().objects.filter(username=username).exists():
        raise StaffError(StaffErrorCode.USERNAME_TAKEN, _("This username is taken."), field="username")


def do_create_street_office_staff(
    *, actor: StaffActor | None, street_office_id, username: str, password: str | None = None
) -> CreatedStaffAccount:
    """A platform account working for one street office; its password generated (and returned once)
    when the operator gives none."""
    operator = check_may_manage_street_offices(actor)
    username = username.strip()
    check_new_username(username)
    check_text(password, field="password")
    office = StreetOffice.objects.filter(id=parse_id(street_office_id) or 0).first()
    if office is None:
        raise StaffError(
            StaffErrorCode.STREET_OFFICE_NOT_FOUND, _("No such street office."), field="streetOfficeId"
        )
    chosen = password or secrets.token_urlsafe(12)
    try:
        validate_password(chosen, get_user_model()(username=username))
    except ValidationError as error:
        raise StaffError(
            StaffErrorCode.PASSWORD_INVALID, " ".join(error.messages), field="password"
        ) from error
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(username=username, password=chosen)
            StreetOfficeStaff.objects.create(user=user, street_office=office)
            record_audit(
                actor=audit_actor(operator),
                action=PlatformAuditAction.STREET_OFFICE_STAFF_CREATED,
                subject=("user", user.pk),
                street_office_id=office.id,
                after={"username": username},
            )
    except IntegrityError as error:  # two operators choosing the same username at once
        raise StaffError(
            StaffErrorCode.USERNAME_TAKEN, _("This username is taken."), field="username"
        ) from error
    return CreatedStaffAccount(
        user_id=user.pk, username=username, street_office_id=office.id, password=None if password else chosen
    )
