"""The database connection as django-tenants' backend makes it, typed once (issue 11).

django-tenants' DatabaseWrapper adds the schema it is on and the call that moves it back to `public`;
the stubs type `django.db.connection` as Django's own BaseDatabaseWrapper, which has neither.
"""

from typing import Protocol, cast

from django.db import connection


class TenantConnection(Protocol):
    schema_name: str

    def set_schema_to_public(self) -> None: ...


def tenant_connection() -> TenantConnection:
    """The thread's connection (`django.db.connection` is a proxy to it), with the tenant backend's type."""
    return cast(TenantConnection, connection)
