from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    # An app for one table: the outbox of queued tasks (background.py), in the public schema.
    name = "sharepool.core"
    label = "core"
    verbose_name = _("core")
