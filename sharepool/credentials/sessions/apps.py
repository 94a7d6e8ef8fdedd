from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    name = "sharepool.credentials.sessions"
    # Not Django's "sessions": a database that had Django's sessions has their migrations recorded
    # under that label, and this app's first migration must still run there.
    label = "user_sessions"
    verbose_name = _("sessions")
