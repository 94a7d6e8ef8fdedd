"""The audit trail's actions as a worker reads them (tenants/audit/services.py CommunityAuditAction)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.audit.services import CommunityAuditAction as Action

LABELS: dict[str, Promise] = {
    Action.MEMBER_APPROVED: _("membership approved"),
    Action.MEMBER_REJECTED: _("application rejected"),
    Action.BALANCE_ADJUSTED: _("balance adjusted"),
    Action.TRANSFER_REVERSED: _("transfer reversed"),
    Action.CREDIT_LIMIT_SET: _("credit line set"),
    Action.DEFAULT_CREDIT_LIMIT_SET: _("default credit line set"),
    Action.DISPUTE_RESOLVED: _("dispute resolved"),
    Action.ACTIVITY_CANCELLED: _("activity cancelled"),
    Action.ROLE_APPOINTED: _("role appointed"),
    Action.ROLE_REMOVED: _("role removed"),
    Action.MEMBER_REGISTERED: _("registered by a worker"),
    Action.CHECK_IN_WINDOW_SET: _("check-in window set"),
    Action.ACTIVITY_SERIES_CREATED: _("activity series created"),
    Action.ATTENDANCE_MARKED: _("attendance marked"),
    Action.ACTIVITY_AWARDED: _("activity hours awarded"),
    Action.AUTO_CONFIRM_DELAY_SET: _("auto-confirmation delay set"),
    Action.MILESTONES_SET: _("milestones set"),
    Action.RECORDS_EXPORTED: _("records exported"),
    Action.CERTIFICATE_ISSUED: _("certificate issued"),
    Action.MEMBERS_IMPORTED: _("register imported"),
    Action.ESTATE_CREATED: _("estate created"),
    Action.BUILDING_CREATED: _("building created"),
    Action.BUILDING_CONFIRMED: _("building confirmed"),
    Action.ORGANISATION_REGISTERED: _("organisation registered"),
    Action.ORGANISATION_EDITED: _("organisation edited"),
    Action.ORGANISATION_DISSOLVED: _("organisation dissolved"),
    Action.MEMBER_STANDING_SET: _("standing set"),
    Action.COUNCIL_CREATED: _("council created"),
    Action.SEAT_GIVEN: _("council seat given"),
    Action.SEAT_ENDED: _("council seat ended"),
    Action.ORGANISATION_JOINED_FEDERATION: _("organisation registered in the federation"),
}


def label_of(action: str) -> str:
    """An action recorded before its label was written shows its code: never hidden."""
    return str(LABELS.get(action, action))


@dataclass(frozen=True)
class AuditLine:
    """An entry as the audit lists show it: what it holds, and its action's label."""

    action: str
    label: str
    occurred_at: datetime
    actor_name: str
    after: Any


def audit_line(entry: CommunityAuditEntry) -> AuditLine:
    return AuditLine(
        action=entry.action,
        label=label_of(entry.action),
        occurred_at=entry.occurred_at,
        actor_name=entry.actor_name,
        after=entry.after,
    )


def latest_about(subject_type: str, subject_id, *, limit: int = 10) -> list[AuditLine]:
    """The latest staff actions on one subject (an activity, the community's settings), labelled."""
    entries = CommunityAuditEntry.objects.filter(
        subject_type=subject_type, subject_id=str(subject_id)
    ).order_by("-occurred_at", "-id")[:limit]
    return [audit_line(entry) for entry in entries]
