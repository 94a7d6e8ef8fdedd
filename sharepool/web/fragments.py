"""The keys of the pages' parts rendered once by Django's {% cache %} tag (settings: template_fragments; issue 12)."""

import operator
from collections.abc import Iterable


def shown_values(rows: Iterable, names: tuple[str, ...]) -> list[tuple]:
    """Each row's values that its part of the page shows, by attribute name (a dotted name reaches a related
    value). With the language, and the time zone where a time is shown, they are the key of a list rendered
    once: a part that shows a new value must add its name."""
    values_of = operator.attrgetter(*names)
    return [values_of(row) for row in rows]
