"""What the layout needs on every page: the community, the member, the text size (issue 12)."""

from django.conf import settings

TEXT_SIZE_COOKIE = "text_size"
TEXT_SIZES = ("normal", "large")


def text_size(request) -> str:
    size = request.COOKIES.get(TEXT_SIZE_COOKIE, "normal")
    return size if size in TEXT_SIZES else "normal"


def layout(request) -> dict:
    return {
        "community": getattr(request, "community", None),
        "member": getattr(request, "member", None),
        "membership": getattr(request, "membership", None),
        "text_size": text_size(request),
        "languages": settings.LANGUAGES,
    }
