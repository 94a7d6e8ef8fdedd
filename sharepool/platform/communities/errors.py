from enum import StrEnum

from sharepool.core.errors import DomainError


class OnboardingErrorCode(StrEnum):
    SLUG_TOO_SHORT = "slug_too_short"
    SLUG_TOO_LONG = "slug_too_long"
    SLUG_INVALID = "slug_invalid"
    SLUG_RESERVED = "slug_reserved"
    SLUG_TAKEN = "slug_taken"
    NAME_REQUIRED = "name_required"
    STREET_OFFICE_REQUIRED = "street_office_required"
    POPULATION_INVALID = "population_invalid"
    ADMIN_PASSWORD_INVALID = "admin_password_invalid"
    IDEMPOTENCY_KEY_INVALID = "idempotency_key_invalid"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"


class OnboardingError(DomainError):
    pass
