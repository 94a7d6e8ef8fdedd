"""Form widgets of the pages, where Django's own cost too much to render (issue 12)."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class PlainSelect(forms.Select):
    """A <select> written in Python from Django's own widget context: the same attributes and options as
    forms.Select, without a template rendered per option, which was a third of /offers/'s rendering
    with its nine categories (benchmarks/pages.py)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            written = format_html_join(
                "",
                "<option{}>{}</option>",
                (
                    (attributes({"value": option["value"], **option["attrs"]}), option["label"])
                    for option in options
                ),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, written)
                if group_name
                else written
            )
        return format_html(
            "<select{}>{}</select>",
            attributes({"name": widget["name"], **widget["attrs"]}),
            SafeString("".join(groups)),
        )


def attributes(attrs: dict) -> SafeString:
    """As django/forms/widgets/attrs.html writes them: in order, True as the bare name, False left out."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )
