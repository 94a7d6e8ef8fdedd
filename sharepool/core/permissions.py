"""Who may do what: one table per side, from role to the permissions it holds (issue 11).

Each side names its permissions in a StrEnum and its roles in another, and builds one
`PermissionTable` from them (tenants/members/permissions.py for a community's members,
platform/accounts/permissions.py for platform staff, platform/federation/permissions.py for the actors of
the federation). The domain's checks ask the table (`table.allows(role, permission)`); the API declares
the same permission on each operation, and the committed SDL prints the roles the table gives it.
A role missing from a table holds nothing; a permission no role holds is a mistake the constructor
refuses, so the table cannot silently drift from the enum.
"""

from collections.abc import Iterable, Mapping
from enum import StrEnum

_TABLES: dict[type[StrEnum], "PermissionTable"] = {}


class PermissionTable:
    def __init__(
        self,
        *,
        side: str,
        roles: type[StrEnum],
        permissions: type[StrEnum],
        grants: Mapping[StrEnum, Iterable[StrEnum]],
    ) -> None:
        self.side = side
        self.roles = roles
        self.permissions = permissions
        self._grants: dict[str, frozenset[StrEnum]] = {
            str(role): frozenset(granted) for role, granted in grants.items()
        }
        unknown_roles = set(self._grants) - {str(role) for role in roles}
        if unknown_roles:
            raise ValueError(f"{side}: roles not in {roles.__name__}: {sorted(unknown_roles)}")
        held = frozenset().union(*self._grants.values())
        foreign = {p for p in held if not isinstance(p, permissions)}
        if foreign:
            raise ValueError(f"{side}: permissions not in {permissions.__name__}: {sorted(foreign)}")
        unheld = set(permissions) - held
        if unheld:
            raise ValueError(f"{side}: no role holds {sorted(unheld)}")
        _TABLES[permissions] = self

    def permissions_of(self, role: str | None) -> frozenset[StrEnum]:
        if role is None:
            return frozenset()
        return self._grants.get(str(role), frozenset())

    def allows(self, role: str | None, permission: StrEnum) -> bool:
        return permission in self.permissions_of(role)

    def roles_with(self, permission: StrEnum) -> list[StrEnum]:
        """The roles holding a permission, in the order the roles enum lists them."""
        return [role for role in self.roles if permission in self.permissions_of(role)]


def table_of(permission: StrEnum) -> PermissionTable:
    """The table a permission belongs to (every permission enum has exactly one)."""
    return _TABLES[type(permission)]


def tables() -> list[PermissionTable]:
    return list(_TABLES.values())
