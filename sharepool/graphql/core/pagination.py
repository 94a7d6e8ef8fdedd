"""Lists are pages: `limit` (at most MAX_PAGE_SIZE) and `offset`, with the total count (issue #3).

The total comes with the page, as `COUNT(*) OVER ()` on each row, so a list costs one statement rather
than the page and a count (issue 15); a page past the end has no row to carry it and asks apart.
"""

from dataclasses import dataclass

import graphene
from django.db.models import Count, QuerySet, Window
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _

from sharepool.graphql.core.errors import ApiError, ApiErrorCode

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
TOTAL = "page_total_count"


@dataclass
class Page:
    items: list
    total_count: int
    limit: int
    offset: int


def page_arguments() -> dict:
    return {
        "limit": graphene.Int(default_value=DEFAULT_PAGE_SIZE, description=f"At most {MAX_PAGE_SIZE}."),
        "offset": graphene.Int(default_value=0),
    }


def paginate(queryset: QuerySet, *, limit: int, offset: int) -> Page:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ApiError(
            ApiErrorCode.PAGINATION_INVALID,
            _("limit must be between 1 and %(max)d.") % {"max": MAX_PAGE_SIZE},
            field="limit",
        )
    if offset < 0:
        raise ApiError(ApiErrorCode.PAGINATION_INVALID, _("offset cannot be negative."), field="offset")
    if not counts_in_window(queryset):
        return Page(
            items=list(queryset[offset : offset + limit]),
            total_count=queryset.count(),
            limit=limit,
            offset=offset,
        )
    items = list(queryset.annotate(**{TOTAL: Window(Count("*"))})[offset : offset + limit])
    if items:
        total = getattr(items[0], TOTAL)
    else:
        total = 0 if offset == 0 else queryset.count()
    return Page(items=items, total_count=total, limit=limit, offset=offset)


def counts_in_window(queryset: QuerySet) -> bool:
    """A window count is the row count for a plain query of model rows (not DISTINCT, not a UNION)."""
    query = queryset.query
    return queryset._iterable_class is ModelIterable and not query.distinct and not query.combinator


def page_type(item_type, name: str):
    """`<Name>Page { items totalCount limit offset }` for a list of item_type."""
    return type(
        name,
        (graphene.ObjectType,),
        {
            "items": graphene.List(graphene.NonNull(item_type), required=True),
            "total_count": graphene.Int(required=True),
            "limit": graphene.Int(required=True),
            "offset": graphene.Int(required=True),
        },
    )
