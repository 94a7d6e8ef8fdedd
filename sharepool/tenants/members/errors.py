from enum import StrEnum

from sharepool.core.errors import DomainError


class MemberErrorCode(StrEnum):
    NAME_REQUIRED = "name_required"
    USERNAME_REQUIRED = "username_required"
    USERNAME_INVALID = "username_invalid"
    USERNAME_TAKEN = "username_taken"
    PHONE_INVALID = "phone_invalid"
    PASSWORD_INVALID = "password_invalid"
    INVALID_CREDENTIALS = "invalid_credentials"
    ACCOUNT_INACTIVE = "account_inactive"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    MEMBER_NOT_FOUND = "member_not_found"
    MEMBER_NOT_PENDING = "member_not_pending"
    REASON_REQUIRED = "reason_required"
    CONSENT_REQUIRED = "consent_required"  # issue 14: assisted registration


class MemberError(DomainError):
    pass
