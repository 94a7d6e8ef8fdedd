"""Django's AuthenticationMiddleware, handing the request's session to the backend while Django finds the
user, so the user the session's statement read is not read again (backends.py, store.py; issue 12)."""

from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.utils.functional import SimpleLazyObject

from sharepool.credentials.backends import session_being_checked


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: user_of(request))


def user_of(request):
    """Django's own get_user(request), once per request as its middleware does, with the session handed
    over only for the call: it hashes and checks the session as always."""
    if not hasattr(request, "_cached_user"):
        handed = session_being_checked.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            session_being_checked.reset(handed)
    return request._cached_user
