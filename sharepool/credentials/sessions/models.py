from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class Session(AbstractBaseSession):
    """Django's session row, with the id of the user signed in by it (None for a visitor's session).

    Written from the session's own data on every save (store.py), so it always names the user the data
    names. Not a foreign key: a user deleted while their session is saved must not fail the request, and a
    session naming a user who is gone signs nobody in.
    """

    user_id = models.IntegerField(_("user"), null=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from sharepool.credentials.sessions.store import SessionStore

        return SessionStore
