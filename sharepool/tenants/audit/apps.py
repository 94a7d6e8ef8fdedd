from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityAuditConfig(AppConfig):
    name = "sharepool.tenants.audit"
    label = "community_audit"
    verbose_name = _("Audit trail")
