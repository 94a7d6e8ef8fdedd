from django.conf import settings
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class QueryLanguageMiddleware:
    """`?lang=en` wins over the browser's language (LocaleMiddleware already applied Accept-Language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        requested = request.GET.get("lang", "").lower()
        if requested in SUPPORTED:
            translation.activate(requested)
            request.LANGUAGE_CODE = requested
        response = self.get_response(request)
        if requested in SUPPORTED:
            response.headers["Content-Language"] = requested
        return response
