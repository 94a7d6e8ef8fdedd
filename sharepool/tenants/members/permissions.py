"""What each role may do in its community: the one table the domain's checks and the API read (issue 11).

An operation declares the permission it needs (sharepool/graphql/core/permissions.py); the domain asks
`has_permission(member, ...)` where a rule depends on the arguments (acting for someone else, another
member's listing). The API holds a member to the table only while their membership is active: a
pending applicant holds nothing and may only read their own `me`.
"""

from enum import StrEnum

from sharepool.core.permissions import PermissionTable
from sharepool.tenants.members.models import Member


class CommunityPermission(StrEnum):
    VIEW_MEMBERS = "view_members"  # the directory of active members, personal data masked
    VIEW_ALL_MEMBERS = "view_all_members"  # applicants and rejected members too
    VIEW_PERSONAL_DATA = "view_personal_data"  # phone numbers unmasked, other members' accounts
    APPROVE_MEMBERS = "approve_members"
    ACT_FOR_MEMBERS = "act_for_members"  # for members without a smartphone (issue 4)
    ORGANISE_ACTIVITIES = "organise_activities"
    RUN_ANY_ACTIVITY = "run_any_activity"  # check in, award, cancel an activity organised by someone else
    SET_ACTIVITY_RULES = "set_activity_rules"  # when check-in opens (issue 10)
    CLOSE_ANY_LISTING = "close_any_listing"
    CANCEL_ANY_EXCHANGE = "cancel_any_exchange"
    RESOLVE_DISPUTES = "resolve_disputes"
    REVERSE_TRANSFERS = "reverse_transfers"
    SET_CREDIT_LIMITS = "set_credit_limits"
    ADJUST_BALANCES = "adjust_balances"
    SET_DEFAULT_CREDIT_LIMIT = "set_default_credit_limit"
    REPRESENT_COMMUNITY = "represent_community"  # acts for the community in the federation
    VIEW_AUDIT_LOG = "view_audit_log"
    # issue 13
    MANAGE_NEIGHBOURHOOD = "manage_neighbourhood"  # estates, buildings, organisations, who a member is
    TAKE_PART_IN_COUNCIL = "take_part_in_council"  # move, second, speak and vote (seats are checked)
    # the council's secretariat: the council and its seats, sessions, agenda, minutes, execution
    RUN_COUNCIL = "run_council"
    ASSIGN_ROLES = "assign_roles"  # appoint and remove workers, coordinators and building heads
    # issue 14
    SET_COMMUNITY_SETTINGS = "set_community_settings"  # auto-confirmation delay, milestones (admins)
    EXPORT_RECORDS = "export_records"  # members, transfers, exchanges, activities as CSV or XLSX
    ISSUE_CERTIFICATES = "issue_certificates"  # a volunteer-hour certificate for any member


_EVERY_MEMBER = {CommunityPermission.VIEW_MEMBERS, CommunityPermission.TAKE_PART_IN_COUNCIL}
_COORDINATOR = _EVERY_MEMBER | {CommunityPermission.ORGANISE_ACTIVITIES}
_WORKER = set(CommunityPermission) - {
    CommunityPermission.ADJUST_BALANCES,
    CommunityPermission.SET_DEFAULT_CREDIT_LIMIT,
    CommunityPermission.ASSIGN_ROLES,
    CommunityPermission.SET_COMMUNITY_SETTINGS,
}
_ADMIN = set(CommunityPermission)

COMMUNITY_PERMISSIONS = PermissionTable(
    side="community",
    roles=Member.Role,
    permissions=CommunityPermission,
    grants={
        Member.Role.RESIDENT: _EVERY_MEMBER,
        Member.Role.COLLECTIVE: _EVERY_MEMBER,
        Member.Role.COORDINATOR: _COORDINATOR,
        Member.Role.WORKER: _WORKER,
        Member.Role.ADMIN: _ADMIN,
    },
)


def has_permission(member: Member, permission: CommunityPermission) -> bool:
    """The role's rule alone; callers have loaded the member as active (ledger.actors.load_active_member)."""
    return COMMUNITY_PERMISSIONS.allows(member.role, permission)


def member_permissions(member: Member | None) -> frozenset:
    if member is None or member.status != Member.Status.ACTIVE:
        return frozenset()
    return COMMUNITY_PERMISSIONS.permissions_of(member.role)
