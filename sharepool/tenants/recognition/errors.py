from enum import StrEnum

from sharepool.core.errors import DomainError


class RecognitionErrorCode(StrEnum):
    MILESTONES_INVALID = "milestones_invalid"  # issue 14


class RecognitionError(DomainError):
    pass
