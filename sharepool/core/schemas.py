"""Which community schema the database connection is in, typed.

django-tenants sets `schema_name` and `tenant` on Django's connection; the stubs describe Django's own
connection, which has neither, so these two functions are the one place that reads them.
"""

from django.db import connection


def current_schema_name() -> str:
    """The schema the connection's queries run in: a community's, or `public`."""
    name: str = connection.schema_name  # type: ignore[attr-defined]  # set by django-tenants, unknown to the stubs
    return name


def current_tenant() -> object:
    """The tenant django-tenants set with the schema: the request's Community, or a FakeTenant when the
    schema was set by name (a task or a command)."""
    tenant: object = connection.tenant  # type: ignore[attr-defined]  # set by django-tenants, unknown to the stubs
    return tenant
