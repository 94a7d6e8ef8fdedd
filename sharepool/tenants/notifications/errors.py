from enum import StrEnum

from sharepool.core.errors import DomainError


class NotificationErrorCode(StrEnum):
    KIND_UNKNOWN = "notification_kind_unknown"
    MEMBER_UNKNOWN = "member_unknown"
    TEXT_REQUIRED = "notification_text_required"


class NotificationError(DomainError):
    pass
