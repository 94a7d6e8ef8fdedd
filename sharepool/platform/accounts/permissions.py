"""What a platform account may do: operators everything, street-office staff their own office's work."""

from enum import StrEnum

from sharepool.platform.accounts.actors import StaffActor


class PlatformPermission(StrEnum):
    VIEW_COMMUNITIES = "view_communities"
    ONBOARD_COMMUNITIES = "onboard_communities"


def staff_permissions(actor: StaffActor | None) -> frozenset[PlatformPermission]:
    if actor is None:
        return frozenset()
    if actor.is_operator or actor.street_office_id is not None:
        return frozenset(PlatformPermission)
    return frozenset()
