"""Template filters of the residents' pages."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def hours(minutes) -> str:
    """Minutes as the hours residents count in: 90 -> "1.5 小时" / "1.5 h" (negative balances keep the sign)."""
    if minutes is None:
        return ""
    value = int(minutes) / 60
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value)}"
    return _("%(hours)s h") % {"hours": text}
