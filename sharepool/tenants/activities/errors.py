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
    # issue 10: the activity's times
    SIGN_UP_CLOSED = "sign_up_closed"
    CHECK_IN_NOT_OPEN = "check_in_not_open"
    CHECK_IN_CLOSED = "check_in_closed"
    NOT_STARTED = "activity_not_started"
    CHECK_IN_WINDOW_INVALID = "check_in_window_invalid"
    # issue 14: series, attendance and awards marked by a worker
    WEEKDAYS_INVALID = "weekdays_invalid"
    SERIES_END_INVALID = "series_end_invalid"
    SERIES_TOO_LONG = "series_too_long"
    DURATION_INVALID = "duration_invalid"
    NOBODY_CHOSEN = "nobody_chosen"
    MEMBER_LISTED_TWICE = "member_listed_twice"
    NOT_CHECKED_IN = "not_checked_in"
    ALREADY_AWARDED = "already_awarded"


class ActivityError(DomainError):
    pass
