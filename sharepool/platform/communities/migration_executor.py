"""`migrate_schemas` over the communities that have a schema, reporting the others (issue #10), and only
over those that lack a migration of the code (issue 15: a no-op run no longer costs 140 ms a community).

A community is `provisioning` until its schema is made, and one whose onboarding died has none at all:
django-tenants' executor would migrate it anyway and fail with ProgrammingError, stopping every
community after it. django-tenants picks its executor by the EXECUTOR environment variable among the
direct subclasses of MigrationExecutor; apps.py makes this one the default.
"""

import functools
import sys

from django.conf import settings
from django.db import connection
from django_tenants.migration_executors.base import MigrationExecutor, run_migrations
from django_tenants.migration_executors.multiproc import get_pool, run_migrations_percent

from sharepool.platform.communities.migration_state import schemas_needing_migrations

CODENAME = "sharepool"
# From this many schemas to migrate, TENANT_MULTIPROCESSING_MAX_PROCESSES processes migrate them.
PARALLEL_FROM = 20


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
        if not tenants:
            return
        # The first schema alone, with Django's system checks (then skipped: ~100 ms a schema), so that a
        # migration that fails stops here, before it is tried on every community.
        run_migrations(self.args, self.options, self.codename, tenants[0], idx=0, count=len(tenants))
        rest = tenants[1:]
        options = {**self.options, "skip_checks": True}
        processes = settings.TENANT_MULTIPROCESSING_MAX_PROCESSES
        if len(rest) < PARALLEL_FROM or processes < 2:
            for index, schema_name in enumerate(rest, start=1):
                run_migrations(self.args, options, self.codename, schema_name, idx=index, count=len(tenants))
            return
        # Many schemas: Django's migrate costs a fixed ~0.15 s of Python per schema (the migration state,
        # the post-migrate content types), so processes share them (issue 15: 1,000 schemas in < 2 min).
        connection.close()
        migrate_one = functools.partial(
            run_migrations_percent, self.args, options, self.codename, len(tenants)
        )
        with get_pool() as pool:
            pool.map(migrate_one, enumerate(rest, start=1), chunksize=8)

    def run_multi_type_migrations(self, tenants):
        raise NotImplementedError("Sharepool has one type of tenant")
