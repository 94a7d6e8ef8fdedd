"""Template filters of the residents' pages."""

import functools

from django import template
from django.db.models import Field, Model
from django.utils.formats import date_format
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


@register.filter(expects_localtime=True)
def day_and_time(when) -> str:
    """An activity's day and time in the reader's language: "3月5日 16:30" / "Mar 5 16:30"."""
    if not when:
        return ""
    # %H:%M is the 'H:i' of Django's formats, without parsing the format on every row.
    return f"{date_format(when, 'MONTH_DAY_FORMAT')} {when:%H:%M}"


@register.filter(expects_localtime=True)
def iso(when) -> str:
    """A moment for <time datetime>, as the `date:'c'` filter writes it (in the community's time zone),
    without the cost of Django's format parser on every row of a list (issue 12)."""
    return when.isoformat() if when else ""


@register.filter
def display(instance: Model, field_name: str) -> str:
    """The label of a field's choice in the request's language: what `get_FOO_display` shows.

    Django's `get_FOO_display` builds a dictionary of the field's choices on every call, hashing each
    translated label, which translates it: a quarter of /me/'s rendering (issue 12). The dictionary is
    built once per field here; its labels stay lazy, so each page still reads its own language.
    """
    value = getattr(instance, field_name)
    return str(_choices(type(instance), field_name).get(value, value))


@functools.cache
def _choices(model: type[Model], field_name: str) -> dict:
    field = model._meta.get_field(field_name)
    assert isinstance(field, Field), field
    return dict(field.flatchoices)
