from enum import StrEnum

from sharepool.core.errors import DomainError


class TimebankErrorCode(StrEnum):
    CATEGORY_NOT_FOUND = "category_not_found"
    TITLE_REQUIRED = "title_required"
    OFFER_NOT_FOUND = "offer_not_found"
    REQUEST_NOT_FOUND = "request_not_found"
    LISTING_NOT_OPEN = "listing_not_open"
    LISTING_EXPIRED = "listing_expired"
    LISTING_REQUIRED = "listing_required"
    EXCHANGE_NOT_FOUND = "exchange_not_found"
    SELF_EXCHANGE = "self_exchange"
    WRONG_ACTOR = "wrong_actor"
    WRONG_STATE = "wrong_state"
    MINUTES_INVALID = "minutes_invalid"
    DECISION_INVALID = "decision_invalid"
    NOT_COLLECTIVE = "not_collective"
    AUTO_CONFIRM_DELAY_INVALID = "auto_confirm_delay_invalid"  # issue 14


class TimebankError(DomainError):
    pass
