from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformAuditConfig(AppConfig):
    name = "sharepool.platform.audit"
    label = "platform_audit"
    verbose_name = _("Audit trail")
