"""The tenant is resolved once, at the edge, from the host (STYLE.md 5).

- `PLATFORM_DOMAIN` itself is the platform: public schema, platform URLs, no domain lookup.
- `<slug>.PLATFORM_DOMAIN` is a community if a Domain row names it and the community is serving.
- Anything else is a 404, never the platform's pages.
"""

from django.conf import settings
from django.db import connection
from django.http import Http404
from django.urls import set_urlconf
from django_tenants.middleware.main import TenantMainMiddleware

from sharepool.core.schemas import use_tenant
from sharepool.platform.communities.host_cache import community_for_host

SESSION_SCHEMA_KEY = "_sharepool_schema"


class HostTenantMiddleware(TenantMainMiddleware):
    def process_request(self, request):
        # The public schema only when it is read: a host found in the cache needs no switch to it, and the
        # community's search_path is then the only one this request sets (issue 15), and only if the
        # connection is not on it already (core/schemas.use_tenant, issue 12).
        hostname = self.hostname_from_request(request)
        request.community = None
        if hostname == settings.PLATFORM_DOMAIN:
            connection.set_schema_to_public()
            request.tenant = connection.tenant  # django-tenants' stand-in for the public schema
            request.host_kind = "platform"
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            return None
        community = community_for_host(hostname)
        if community is None or not community.is_serving:
            connection.set_schema_to_public()
            raise Http404(f"No community at {hostname}")
        community.domain_url = hostname
        request.tenant = community
        request.community = community
        request.host_kind = "community"
        use_tenant(community)
        return None


class SessionBelongsToTenantMiddleware:
    """A session belongs to the schema it was made in (Zulip's validate_account_and_subdomain).

    Sessions live in each schema's own table, so a foreign cookie finds no session anyway; this check
    makes the rule explicit and survives any future move of sessions to a shared store.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        schema = connection.schema_name
        owner = request.session.get(SESSION_SCHEMA_KEY)
        if owner is not None and owner != schema:
            request.session.flush()
            from django.contrib.auth.models import AnonymousUser

            request.user = AnonymousUser()
        response = self.get_response(request)
        if request.user.is_authenticated and request.session.get(SESSION_SCHEMA_KEY) != schema:
            request.session[SESSION_SCHEMA_KEY] = schema
        return response
