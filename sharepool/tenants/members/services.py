"""State changes of members (STYLE.md 2)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sharepool.tenants.members.models import CommunitySettings, Member


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
