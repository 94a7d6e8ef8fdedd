from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    # Abstract models only (no tables); an app so that its strings have a locale folder.
    name = "sharepool.credentials"
    label = "credentials"
    verbose_name = _("credentials")
