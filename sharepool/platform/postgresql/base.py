"""django-tenants' PostgreSQL backend, without a `SET search_path` when the path would not change.

Every request selects its community (`set_tenant`), and django-tenants then sends `SET search_path`
before the request's first query, even when the connection, kept between requests, is already on that
community's path: one more round trip on every API call (issue 15). Keeping its record of the path set
when the new path is the same is safe because django-tenants forgets that record whenever PostgreSQL
may have dropped the SET (rollback, rollback to a savepoint, close).
"""

from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper


class DatabaseWrapper(TenantDatabaseWrapper):
    def set_tenant(self, tenant, include_public=True):
        already_set = self.search_path_set_schemas
        super().set_tenant(tenant, include_public)
        if already_set is not None and already_set == self._get_cursor_search_paths():
            self.search_path_set_schemas = already_set
