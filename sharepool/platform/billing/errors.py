from enum import StrEnum

from sharepool.core.errors import DomainError


class BillingErrorCode(StrEnum):
    SIGNATURE_INVALID = "signature_invalid"
    PAYLOAD_INVALID = "payload_invalid"
    COMMUNITY_NOT_FOUND = "community_not_found"
    PLAN_UNKNOWN = "plan_unknown"
    PLAN_IS_FREE = "plan_is_free"
    PLAN_NOT_PRICED = "plan_not_priced"
    ALREADY_SUBSCRIBED = "already_subscribed"
    NO_SUBSCRIPTION = "no_subscription"
    STRIPE_UNAVAILABLE = "stripe_unavailable"
    NOT_CONFIGURED = "billing_not_configured"


class BillingError(DomainError):
    pass
