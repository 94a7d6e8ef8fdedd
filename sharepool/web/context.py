"""What the layout needs on every page: the community, the member, the text size (issue 12)."""

from urllib.parse import quote

from django.conf import settings
from django.utils import timezone

TEXT_SIZE_COOKIE = "text_size"
TEXT_SIZES = ("normal", "large")


def text_size(request) -> str:
    size = request.COOKIES.get(TEXT_SIZE_COOKIE, "normal")
    return size if size in TEXT_SIZES else "normal"


# The main menu's entries: the pages each one covers, as the start of their paths; home and messages
# cover only their own page.
MENU_PAGES = {"/": "home", "/notifications/": "notifications"}
MENU_PREFIXES = (
    ("/offers/", "offers"),
    ("/requests/", "requests"),
    ("/activities/", "activities"),
    ("/council/", "council"),
    ("/buildings/", "council"),
    ("/organisations/", "council"),
    ("/me/", "me"),
)


def section(path: str) -> str | None:
    """The menu entry the page belongs to, shown as the current one; None outside the menu."""
    if path in MENU_PAGES:
        return MENU_PAGES[path]
    return next((name for prefix, name in MENU_PREFIXES if path.startswith(prefix)), None)


def layout(request) -> dict:
    # Worked out once here rather than by filters in the layout: the layout is on every page, and each
    # filter there cost as much as the whole of a short page's own content (issue 12).
    return {
        "community": getattr(request, "community", None),
        "member": getattr(request, "member", None),
        "membership": getattr(request, "membership", None),
        "text_size": text_size(request),
        "languages": settings.LANGUAGES,
        "section": section(request.path),
        # The `next` of the sign-in, language and text-size links: this page, as the urlencode filter wrote it.
        "here": quote(request.get_full_path(), safe="/"),
        # Part of the key of every cached row that shows a time ({% cache %} in the lists' templates).
        "time_zone": timezone.get_current_timezone_name(),
    }
