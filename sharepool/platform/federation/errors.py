from enum import StrEnum

from sharepool.core.errors import DomainError


class FederationErrorCode(StrEnum):
    # Missing and forbidden give the same code (STYLE.md 6): a caller learns nothing about rows it may not see.
    ORGANISATION_NOT_FOUND = "organisation_not_found"
    ALLIANCE_NOT_FOUND = "alliance_not_found"
    INVITATION_NOT_FOUND = "invitation_not_found"
    RESOURCE_NOT_FOUND = "resource_not_found"
    DEMAND_NOT_FOUND = "demand_not_found"
    PROJECT_NOT_FOUND = "project_not_found"
    ACTIVITY_NOT_FOUND = "activity_not_found"
    TOKEN_NOT_FOUND = "token_not_found"
    STREET_OFFICE_NOT_FOUND = "street_office_not_found"
    COMMUNITY_NOT_FOUND = "community_not_found"

    NOT_ALLOWED = "not_allowed"
    NAME_REQUIRED = "name_required"
    NAME_TAKEN = "name_taken"
    KIND_INVALID = "kind_invalid"
    CONTACT_INVALID = "contact_invalid"
    TITLE_REQUIRED = "title_required"
    CATEGORY_INVALID = "category_invalid"
    TAGS_INVALID = "tags_invalid"
    AMOUNT_INVALID = "amount_invalid"
    WINDOW_INVALID = "window_invalid"
    VISIBILITY_INVALID = "visibility_invalid"
    NO_HOME_COMMUNITY = "no_home_community"
    TOKEN_EXPIRY_INVALID = "token_expiry_invalid"
    ORDER_INVALID = "order_invalid"

    ALREADY_MEMBER = "already_member"
    NOT_A_MEMBER = "not_a_member"
    LAST_CONVENER = "last_convener"

    ALREADY_WITHDRAWN = "already_withdrawn"
    DEMAND_CLOSED = "demand_closed"
    RESOURCE_UNAVAILABLE = "resource_unavailable"
    CAPACITY_EXCEEDED = "capacity_exceeded"
    RESOURCES_REQUIRED = "resources_required"
    PROJECT_STATE_INVALID = "project_state_invalid"
    ALREADY_ACCEPTED = "already_accepted"
    YEAR_INVALID = "year_invalid"
    NO_YEAR_PLAN = "no_year_plan"
    TIME_INVALID = "time_invalid"
    OUTCOME_INVALID = "outcome_invalid"
    ACTIVITY_FULL = "activity_full"
    ACTIVITY_CLOSED = "activity_closed"
    ALREADY_SIGNED_UP = "already_signed_up"
    NOT_SIGNED_UP = "not_signed_up"
    ALREADY_CHECKED_IN = "already_checked_in"
    CODE_INVALID = "code_invalid"
    NOTHING_TO_AWARD = "nothing_to_award"
    # The time rules of community activities, with the same codes (issue 10)
    CHECK_IN_NOT_OPEN = "check_in_not_open"
    CHECK_IN_CLOSED = "check_in_closed"
    ACTIVITY_NOT_STARTED = "activity_not_started"


class FederationError(DomainError):
    pass
