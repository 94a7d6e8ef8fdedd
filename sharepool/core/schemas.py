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

    def set_schema_to_public(self) -> None: ...


def tenant_connection() -> TenantConnection:
    """The thread's connection (`django.db.connection` is a proxy to it), with the tenant backend's type."""
    return cast(TenantConnection, connection)


def current_schema_name() -> str:
    """The schema the connection's queries run in: a community's, or `public`."""
    return tenant_connection().schema_name


def current_tenant() -> object:
    return tenant_connection().tenant
