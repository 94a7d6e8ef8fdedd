"""The database connection as django-tenants' backend makes it, typed once (issue 11).

django-tenants' DatabaseWrapper adds the schema it is on, the tenant it was set with and the call that
moves it back to `public`; the stubs type `django.db.connection` as Django's own BaseDatabaseWrapper,
which has none of them. Code reads them through here.
"""

from typing import Protocol, cast

from django.db import connection


class TenantConnection(Protocol):
    schema_name: str
    # The request's Community, or a FakeTenant when the schema was set by name (a task or a command).
    tenant: object
    # The search path the backend last set on this connection; None once it may no longer hold.
    search_path_set_schemas: list[str] | None

    def set_schema_to_public(self) -> None: ...

    def set_tenant(self, tenant: object) -> None: ...

    def _get_cursor_search_paths(self) -> list[str]: ...


def tenant_connection() -> TenantConnection:
    """The thread's connection (`django.db.connection` is a proxy to it), with the tenant backend's type."""
    return cast(TenantConnection, connection)


def current_schema_name() -> str:
    """The schema the connection's queries run in: a community's, or `public`."""
    return tenant_connection().schema_name


def current_tenant() -> object:
    return tenant_connection().tenant


def use_tenant(tenant: object) -> None:
    """connection.set_tenant(tenant), without a new `SET search_path` when the connection is already on the
    tenant's path (issue 12): a worker's next request is often on the same community.

    django-tenants forgets the path it set on every set_tenant(), so every request sent the SET before its
    first statement. The path stays the connection's until the connection is closed or rolled back, and
    the backend forgets it then too (PostgreSQL undoes a SET on rollback): while the backend still
    remembers it and it is this tenant's path, the SET would change nothing.
    """
    connection = tenant_connection()
    applied = connection.search_path_set_schemas
    connection.set_tenant(tenant)
    if applied is not None and applied == connection._get_cursor_search_paths():
        connection.search_path_set_schemas = applied
