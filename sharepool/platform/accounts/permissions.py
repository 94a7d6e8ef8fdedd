"""What a platform account may do: the table of platform staff roles (issue 11).

Operators and street-office staff hold the same operations, except that only operators make street
offices and their staff accounts (issue 14); which street office's communities a member of staff reaches
is a row rule of the domain (their own office's), not a permission.
"""

from enum import StrEnum

from sharepool.core.permissions import PermissionTable
from sharepool.platform.accounts.actors import StaffActor


class StaffRole(StrEnum):
    OPERATOR = "operator"
    STREET_OFFICE_STAFF = "street_office_staff"


class PlatformPermission(StrEnum):
    VIEW_COMMUNITIES = "view_communities"
    ONBOARD_COMMUNITIES = "onboard_communities"
    MANAGE_BILLING = "manage_billing"
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_STREET_OFFICES = "manage_street_offices"  # make street offices and their staff accounts


PLATFORM_PERMISSIONS = PermissionTable(
    side="platform",
    roles=StaffRole,
    permissions=PlatformPermission,
    grants={
        StaffRole.OPERATOR: set(PlatformPermission),
        StaffRole.STREET_OFFICE_STAFF: set(PlatformPermission) - {PlatformPermission.MANAGE_STREET_OFFICES},
    },
)


def staff_role(actor: StaffActor | None) -> StaffRole | None:
    if actor is None:
        return None
    if actor.is_operator:
        return StaffRole.OPERATOR
    if actor.street_office_id is not None:
        return StaffRole.STREET_OFFICE_STAFF
    return None


def staff_permissions(actor: StaffActor | None) -> frozenset:
    return PLATFORM_PERMISSIONS.permissions_of(staff_role(actor))
