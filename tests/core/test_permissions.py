"""The permission tables refuse to drift from their enums (issue 11)."""

from enum import StrEnum

import pytest

from sharepool.core.permissions import PermissionTable
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import COMMUNITY_PERMISSIONS, CommunityPermission


class Role(StrEnum):
    CLERK = "clerk"
    CHIEF = "chief"


class Permission(StrEnum):
    READ = "read"
    SIGN = "sign"


def test_a_permission_no_role_holds_is_refused():
    with pytest.raises(ValueError, match="no role holds"):
        PermissionTable(
            side="test", roles=Role, permissions=Permission, grants={Role.CLERK: {Permission.READ}}
        )


def test_a_role_outside_the_roles_enum_is_refused():
    with pytest.raises(ValueError, match="roles not in Role"):
        PermissionTable(side="test", roles=Role, permissions=Permission, grants={"janitor": set(Permission)})


def test_a_permission_of_another_table_is_refused():
    with pytest.raises(ValueError, match="permissions not in Permission"):
        PermissionTable(
            side="test",
            roles=Role,
            permissions=Permission,
            grants={Role.CHIEF: set(Permission) | {CommunityPermission.VIEW_MEMBERS}},
        )


def test_the_community_table_as_the_issue_states_it():
    # then: workers and admins hold the same set but for the admin's money settings; the four old ad-hoc
    # role sets (STAFF_ROLES, WORKER_ROLES, COORDINATOR_ROLES, {ADMIN}) are rows of this table
    assert COMMUNITY_PERMISSIONS.roles_with(CommunityPermission.ACT_FOR_MEMBERS) == [
        Member.Role.WORKER,
        Member.Role.ADMIN,
    ]
    assert COMMUNITY_PERMISSIONS.roles_with(CommunityPermission.ORGANISE_ACTIVITIES) == [
        Member.Role.COORDINATOR,
        Member.Role.WORKER,
        Member.Role.ADMIN,
    ]
    assert COMMUNITY_PERMISSIONS.roles_with(CommunityPermission.ADJUST_BALANCES) == [Member.Role.ADMIN]
    assert COMMUNITY_PERMISSIONS.permissions_of(Member.Role.RESIDENT) == {
        CommunityPermission.VIEW_MEMBERS,
        CommunityPermission.TAKE_PART_IN_COUNCIL,  # issue 13: the council checks seats itself
    }
    assert COMMUNITY_PERMISSIONS.roles_with(CommunityPermission.ASSIGN_ROLES) == [Member.Role.ADMIN]
    assert COMMUNITY_PERMISSIONS.permissions_of(None) == frozenset()
