from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    # The abstract credential models, and the public table of login attempts by address (issue 10).
    name = "sharepool.credentials"
    label = "credentials"
    verbose_name = _("credentials")
