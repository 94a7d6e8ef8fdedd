from enum import StrEnum

from sharepool.core.errors import DomainError


class StaffErrorCode(StrEnum):
    INVALID_CREDENTIALS = "invalid_credentials"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    STREET_OFFICE_FORBIDDEN = "street_office_forbidden"
    # Operators making street offices and their staff accounts (issue 14)
    NOT_ALLOWED = "not_allowed"
    NAME_REQUIRED = "name_required"
    NAME_TAKEN = "name_taken"
    STREET_OFFICE_NOT_FOUND = "street_office_not_found"
    USERNAME_INVALID = "username_invalid"
    USERNAME_TAKEN = "username_taken"
    PASSWORD_INVALID = "password_invalid"


class StaffError(DomainError):
    pass
