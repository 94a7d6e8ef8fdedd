from enum import StrEnum

from sharepool.core.errors import DomainError


class ActivityErrorCode(StrEnum):
    ACTIVITY_NOT_FOUND = "activity_not_found"
    TITLE_REQUIRED = "title_required"
    PLACE_REQUIRED = "place_required"
    TIMES_INVALID = "times_invalid"
    CAPACITY_INVALID = "capacity_invalid"
    MINUTES_INVALID = "minutes_invalid"
    ACTIVITY_NOT_OPEN = "activity_not_open"
    ALREADY_SIGNED_UP = "already_signed_up"
    NOT_SIGNED_UP = "not_signed_up"
    CODE_INVALID = "code_invalid"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOTHING_TO_AWARD = "nothing_to_award"


class ActivityError(DomainError):
    pass
