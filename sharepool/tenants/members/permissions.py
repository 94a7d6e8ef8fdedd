"""What each role may do in its community: the one table the API's permission checks read (issue #3).

An operation declares the permission it needs; a member holds the permissions of their role while
their membership is active. A pending applicant holds none: they may only read their own `me`.
"""

from enum import StrEnum

from sharepool.tenants.members.models import Member


class MemberPermission(StrEnum):
    VIEW_MEMBERS = "view_members"  # the directory of active members, personal data masked
    VIEW_ALL_MEMBERS = "view_all_members"  # applicants and rejected members too
    VIEW_PERSONAL_DATA = "view_personal_data"  # phone numbers unmasked
    APPROVE_MEMBERS = "approve_members"
    # issue 13
    MANAGE_NEIGHBOURHOOD = "manage_neighbourhood"  # estates, buildings, organisations, who a member is
    TAKE_PART_IN_COUNCIL = "take_part_in_council"  # move, second, speak and vote (seats are checked)
    RUN_COUNCIL = "run_council"  # the council's secretariat: sessions, agenda, minutes, execution
    ASSIGN_ROLES = "assign_roles"  # appoint and remove workers, coordinators and building heads


_EVERY_MEMBER = frozenset({MemberPermission.VIEW_MEMBERS, MemberPermission.TAKE_PART_IN_COUNCIL})
_ADMIN = frozenset(MemberPermission)
_WORKER = _ADMIN - {MemberPermission.ASSIGN_ROLES}

ROLE_PERMISSIONS: dict[str, frozenset[MemberPermission]] = {
    Member.Role.RESIDENT: _EVERY_MEMBER,
    Member.Role.COLLECTIVE: _EVERY_MEMBER,
    Member.Role.COORDINATOR: _EVERY_MEMBER,
    Member.Role.WORKER: _WORKER,
    Member.Role.ADMIN: _ADMIN,
}


def member_permissions(member: Member | None) -> frozenset[MemberPermission]:
    if member is None or member.status != Member.Status.ACTIVE:
        return frozenset()
    return ROLE_PERMISSIONS[member.role]
