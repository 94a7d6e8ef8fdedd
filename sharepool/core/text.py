"""Checks every domain function runs on the text a client sent, before any write.

PostgreSQL refuses a NUL character in text and a string longer than its column, and its driver cannot
encode a lone surrogate; left to the database, each would be a 500. Found by tests/graphql/test_bad_input_never_500.py.
"""

from enum import StrEnum

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from sharepool.core.errors import DomainError


class TextErrorCode(StrEnum):
    TEXT_INVALID = "text_invalid"
    TEXT_TOO_LONG = "text_too_long"


class TextError(DomainError):
    pass


def api_name(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def is_encodable(value: str) -> bool:
    """False for a lone surrogate (JSON's "\\ud800"): a str Python holds but UTF-8 cannot (issue 10)."""
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def check_text(value: str | None, *, field: str, max_length: int | None = None) -> None:
    if value is None:
        return
    if "\x00" in value:
        raise TextError(TextErrorCode.TEXT_INVALID, _("Text cannot contain a NUL character."), field=field)
    if not is_encodable(value):
        raise TextError(TextErrorCode.TEXT_INVALID, _("Text cannot contain a lone surrogate."), field=field)
    if max_length is not None and len(value) > max_length:
        raise TextError(
            TextErrorCode.TEXT_TOO_LONG,
            _("At most %(max)d characters.") % {"max": max_length},
            field=field,
        )


def check_model_texts(model: type[Model], **values: str | None) -> None:
    """Each value against the column of the same name: no NUL, no longer than its max_length."""
    for name, value in values.items():
        # Every field named here is a column (a relation would have no max_length).
        max_length = getattr(model._meta.get_field(name), "max_length", None)
        check_text(value, field=api_name(name), max_length=max_length)
