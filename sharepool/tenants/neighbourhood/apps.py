from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeighbourhoodConfig(AppConfig):
    name = "sharepool.tenants.neighbourhood"
    label = "neighbourhood"
    verbose_name = _("Neighbourhood")
