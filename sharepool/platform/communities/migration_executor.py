"""`migrate_schemas` over the communities that have a schema, reporting the others (issue #10), and only
over those that lack a migration of the code (issue 15: a no-op run no longer costs 140 ms a community).

A community is `provisioning` until its schema is made, and one whose onboarding died has none at all:
django-tenants' executor would migrate it anyway and fail with ProgrammingError, stopping every
community after it. django-tenants picks its executor by the EXECUTOR environment variable among the
direct subclasses of MigrationExecutor; apps.py makes this one the default.
"""

import sys

from django.db import connection
from django_tenants.migration_executors.base import MigrationExecutor, run_migrations

from sharepool.platform.communities.migration_state import schemas_needing_migrations

CODENAME = "sharepool"


def existing_schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


class SkipCommunitiesWithoutSchemaExecutor(MigrationExecutor):
    codename = CODENAME

    def run_migrations(self, tenants=None):
        tenants = list(tenants or [])
        existing = existing_schemas()
        missing = [name for name in tenants if name != self.PUBLIC_SCHEMA_NAME and name not in existing]
        for name in missing:
            sys.stderr.write(f"skipped {name}: the community has no schema yet (provisioning)\n")
        tenants = [name for name in tenants if name not in missing]
        if self.PUBLIC_SCHEMA_NAME in tenants:
            run_migrations(self.args, self.options, self.codename, self.PUBLIC_SCHEMA_NAME)
            tenants.remove(self.PUBLIC_SCHEMA_NAME)
        # `migrate_schemas app 0003` moves every schema to a named state: then each one is visited.
        if not (self.options.get("app_label") or self.options.get("migration_name")):
            behind = schemas_needing_migrations(tenants)
            if int(self.options.get("verbosity", 1)) >= 1:
                up_to_date = len(tenants) - len(behind)
                sys.stdout.write(f"communities up to date: {up_to_date}; to migrate: {len(behind)}\n")
            tenants = behind
        for index, schema_name in enumerate(tenants):
            # Django's system checks once, with the first schema, not once per schema (~100 ms each).
            options = self.options if index == 0 else {**self.options, "skip_checks": True}
            run_migrations(self.args, options, self.codename, schema_name, idx=index, count=len(tenants))

    def run_multi_type_migrations(self, tenants):
        raise NotImplementedError("Sharepool has one type of tenant")
