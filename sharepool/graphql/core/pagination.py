"""Lists are pages: `limit` (at most MAX_PAGE_SIZE) and `offset`, with the total count (issue #3).

The page and its total come in one statement (sharepool/core/paging.py, shared with the web pages).
"""

from dataclasses import dataclass

import graphene
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sharepool.core.paging import rows_with_total
from sharepool.graphql.core.errors import ApiError, ApiErrorCode

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


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
    items, total = rows_with_total(queryset, offset=offset, limit=limit)
    return Page(items=items, total_count=total, limit=limit, offset=offset)


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
