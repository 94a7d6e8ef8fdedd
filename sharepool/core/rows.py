"""Loading one row by primary key on the hot paths, without building an ORM query.

Every service call loads its actor, and every step of an exchange locks the exchange. Through raw(),
not get(): building the ORM's query cost more client CPU than the statement itself (actor 408 vs 235 us,
locked exchange 477 vs 280 us; issue 4's benchmark, benchmarks/RESULTS.md).
"""

import functools
from collections.abc import Iterator
from typing import Any, TypeVar, overload

from django.db.models import Model

M = TypeVar("M", bound=Model)
A = TypeVar("A", bound=Model)
B = TypeVar("B", bound=Model)
C = TypeVar("C", bound=Model)


def row_by_id(model: type[M], pk: Any, *, for_update: bool = False) -> M | None:
    """The instance with primary key `pk` in the current schema, or None; locked when `for_update`."""
    return row_by(model, model._meta.pk.column, pk, for_update=for_update)


def row_by(model: type[M], column: str, value: Any, *, for_update: bool = False) -> M | None:
    """The instance whose unique `column` is `value` in the current schema, or None; locked when `for_update`."""
    lock = " FOR UPDATE" if for_update else ""
    sql = f"SELECT * FROM {model._meta.db_table} WHERE {column} = %s{lock}"  # noqa: S608
    return next(iter(model._default_manager.raw(sql, [value])), None)


def column_list(model: type[Model], alias: str) -> str:
    """The model's columns as `alias."column", ...`, in the order `instances_from_row` reads them."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


# One overload per count a caller uses, so each instance keeps its model's type.
@overload
def instances_from_row(row: tuple[Any, ...], first: type[A], second: type[B], /) -> tuple[A, B]: ...
@overload
def instances_from_row(
    row: tuple[Any, ...], first: type[A], second: type[B], third: type[C], /
) -> tuple[A, B, C]: ...
def instances_from_row(row: tuple[Any, ...], *models: type[Model]) -> tuple[Model, ...]:
    """One instance per model from a row of `column_list`s selected side by side, as the ORM loads them."""
    return tuple(
        model.from_db("default", attnames, values) for model, attnames, values in _columns(row, models)
    )


def instances_or_none_from_row(row: tuple[Any, ...], *models: type[Model]) -> tuple[Model | None, ...]:
    """As instances_from_row, with None for a model whose primary key is NULL: a LEFT JOIN found no row."""
    return tuple(
        model.from_db("default", attnames, values)
        if values[attnames.index(model._meta.pk.attname)] is not None
        else None
        for model, attnames, values in _columns(row, models)
    )


def _columns(
    row: tuple[Any, ...], models: tuple[type[Model], ...]
) -> Iterator[tuple[type[Model], tuple[str, ...], tuple[Any, ...]]]:
    """Each model with its fields' attribute names and its slice of the row."""
    start = 0
    for model in models:
        attnames = _attnames(model)
        yield model, attnames, row[start : start + len(attnames)]
        start += len(attnames)


@functools.cache  # the session backend reads a row on every signed-in request: its columns never change
def _attnames(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)
