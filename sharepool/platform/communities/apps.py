from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "sharepool.platform.communities"
    label = "communities"
    verbose_name = _("Communities")

    def ready(self):
        import os

        from sharepool.platform import connection_recycling
        from sharepool.platform.communities import host_cache, migration_executor

        host_cache.connect()
        connection_recycling.connect()
        # migrate_schemas skips (and reports) communities without a schema (issue #10); an operator may
        # still choose another executor with EXECUTOR.
        os.environ.setdefault("EXECUTOR", migration_executor.CODENAME)
