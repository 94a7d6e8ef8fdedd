from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist


@dataclass(frozen=True)
class StaffActor:
    """A signed-in platform account: an operator (sees everything) or the staff of one street office."""

    user: User  # the platform's accounts are Django's own (no AUTH_USER_MODEL of ours)
    is_operator: bool
    street_office_id: int | None


def staff_actor(user) -> StaffActor | None:
    """The actor for a public-schema user, or None when the account is neither operator nor staff."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        staff = user.street_office_staff
    except ObjectDoesNotExist:
        staff = None
    if not user.is_superuser and staff is None:
        return None
    return StaffActor(
        user=user, is_operator=user.is_superuser, street_office_id=staff.street_office_id if staff else None
    )
