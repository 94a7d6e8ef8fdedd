"""The one authentication backend: Django's ModelBackend, reading a community session's member with its
user (issue 12).

Every signed-in page on a community host needs the member as well as the user. With ModelBackend that
is two statements per request (the user, then `request.user.member`); here the user's row comes with
its member's in one, and the member's standing in the neighbourhood with it (a join, not a query: /me/
shows an in-service party member's own tally). The platform's schema has no members, so there the read
is ModelBackend's own.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django_tenants.utils import get_public_schema_name


class SessionUserBackend(ModelBackend):
    def get_user(self, user_id):
        if connection.schema_name == get_public_schema_name():
            return super().get_user(user_id)
        users = get_user_model()._default_manager.select_related("member__standing")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
