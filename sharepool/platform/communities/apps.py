from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "sharepool.platform.communities"
    label = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from sharepool.platform.communities import host_cache

        host_cache.connect()
