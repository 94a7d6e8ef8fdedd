"""Typed errors of exports and certificates (issue 14)."""

from enum import StrEnum

from sharepool.core.errors import DomainError


class ExportErrorCode(StrEnum):
    UNKNOWN_KIND = "export_kind_unknown"
    RANGE_INVALID = "export_range_invalid"


class ExportError(DomainError):
    pass


class CertificateErrorCode(StrEnum):
    PERIOD_INVALID = "certificate_period_invalid"


class CertificateError(DomainError):
    pass
