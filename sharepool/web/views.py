"""Pages of every host that belong to no area: the platform's home, the language and text-size switches,
the web app manifest. Each view reads through domain code and renders; no business logic here."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sharepool.platform.communities.models import Community
from sharepool.platform.language import SUPPORTED
from sharepool.web.context import TEXT_SIZE_COOKIE, TEXT_SIZES

ONE_YEAR = 365 * 24 * 3600


def platform_home(request):
    communities = Community.objects.filter(status=Community.Status.ACTIVE).select_related("street_office")
    return render(request, "web/platform_home.html", {"communities": communities.order_by("slug")[:50]})


def safe_next(request, default: str = "/") -> str:
    target = request.GET.get("next") or request.POST.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


def remembered(request, cookie: str, value: str):
    """Back where the link was followed, with the choice kept in a cookie: plain links, no JavaScript."""
    response = redirect(safe_next(request))
    response.set_cookie(cookie, value, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure())
    return response


@require_GET
def switch_language(request, code: str):
    if code not in SUPPORTED:
        return redirect(safe_next(request))
    return remembered(request, settings.LANGUAGE_COOKIE_NAME, code)


@require_GET
def switch_text_size(request, size: str):
    if size not in TEXT_SIZES:
        return redirect(safe_next(request))
    return remembered(request, TEXT_SIZE_COOKIE, size)


@require_GET
def manifest(request):
    """The web app manifest, so a resident can add their community to the home screen."""
    community = getattr(request, "community", None)
    name = community.name if community is not None else _("Sharepool")
    payload = {
        "name": name,
        "short_name": name[:12],
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b6e4f",
        "icons": [
            {"src": static("web/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("web/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("web/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
