"""The base of every typed domain error (STYLE.md 4).

Each domain package defines its codes as a `StrEnum` in its own `errors.py`; the API turns a
`DomainError` into `errors { field code message }` and never into a 500.
"""

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    def __init__(self, code: StrEnum, message: str | Promise, field: str | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message  # often a lazy translation: rendered in the request's language
        self.field = field

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class CoreErrorCode(StrEnum):
    BUSY = "busy"


class BusyError(DomainError):
    """The database asked for a retry more often than we retry (sharepool.core.retry)."""

    def __init__(self) -> None:
        super().__init__(CoreErrorCode.BUSY, _("The ledger is busy; please try again."))
