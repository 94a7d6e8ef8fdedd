from enum import StrEnum

from sharepool.core.errors import DomainError


class LedgerErrorCode(StrEnum):
    AMOUNT_INVALID = "amount_invalid"
    SAME_ACCOUNT = "same_account"
    KIND_INVALID = "kind_invalid"
    ACCOUNT_NOT_FOUND = "account_not_found"
    INSUFFICIENT_BALANCE = "insufficient_balance"
    ABOVE_CEILING = "above_ceiling"
    IDEMPOTENCY_KEY_REQUIRED = "idempotency_key_required"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    TRANSFER_NOT_FOUND = "transfer_not_found"
    ALREADY_REVERSED = "already_reversed"
    CANNOT_REVERSE_REVERSAL = "cannot_reverse_reversal"
    REASON_REQUIRED = "reason_required"
    CREDIT_LIMIT_INVALID = "credit_limit_invalid"
    PARTNER_INVALID = "partner_invalid"
    BUSY = "busy"


class LedgerError(DomainError):
    pass


class ActorErrorCode(StrEnum):
    """Who may act: shared by the time bank, activities and the ledger."""

    MEMBER_NOT_FOUND = "member_not_found"
    MEMBER_NOT_ACTIVE = "member_not_active"
    NOT_PERMITTED = "not_permitted"


class ActorError(DomainError):
    pass
