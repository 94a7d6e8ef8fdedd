from enum import StrEnum

from sharepool.core.errors import DomainError


class StaffErrorCode(StrEnum):
    INVALID_CREDENTIALS = "invalid_credentials"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    STREET_OFFICE_FORBIDDEN = "street_office_forbidden"


class StaffError(DomainError):
    pass
