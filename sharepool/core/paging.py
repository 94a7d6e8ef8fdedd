"""A page of rows and the count of all rows in one statement, for GraphQL lists and web pages alike.

The total comes with the page, as `COUNT(*) OVER ()` on each row, so a list costs one statement rather
than the page and a count (issue 15); a page past the end has no row to carry it and asks apart.
"""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.db.models.query import ModelIterable

TOTAL = "page_total_count"


def counts_in_window(queryset: QuerySet[Any]) -> bool:
    """A window count is the row count for a plain query of model rows (not DISTINCT, not a UNION)."""
    query = queryset.query
    return queryset._iterable_class is ModelIterable and not query.distinct and not query.combinator


def rows_with_total(queryset: QuerySet[Any], *, offset: int, limit: int) -> tuple[list[Any], int]:
    """The rows [offset, offset + limit) of queryset and how many rows it has in all."""
    if not counts_in_window(queryset):
        return list(queryset[offset : offset + limit]), queryset.count()
    items = list(queryset.annotate(**{TOTAL: Window(Count("*"))})[offset : offset + limit])
    if items:
        return items, getattr(items[0], TOTAL)
    return [], 0 if offset == 0 else queryset.count()


class CountingPaginator(Paginator):  # type: ignore[type-arg]  # rows of any model
    """Django's Paginator whose get_page() sends one statement where Django's sends a COUNT and a page
    (issue 12: a page as fast as its GraphQL twin). Out-of-range and bad numbers behave as Django's."""

    def get_page(self, number: int | float | str | None) -> Page:  # type: ignore[type-arg]
        if not isinstance(self.object_list, QuerySet):
            return super().get_page(number)
        try:
            wanted = int(number or 1)
        except (TypeError, ValueError):
            wanted = 1
        if wanted < 1:  # Django's answer: the last page
            return super().get_page(wanted)
        items, total = rows_with_total(
            self.object_list, offset=(wanted - 1) * self.per_page, limit=self.per_page
        )
        if not items and wanted > 1:  # past the end: Django's answer, the last page
            return super().get_page(wanted)
        self.__dict__["count"] = total  # Paginator.count is a cached_property: the total is known
        page: Page = self._get_page(items, wanted, self)  # type: ignore[attr-defined,type-arg]  # Django's own factory
        return page
