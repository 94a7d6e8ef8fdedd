"""Recording and reading a community's audit trail (issue 11).

Call `record_audit(...)` inside the transaction of a staff action, after the change, with the row as it
was (`before`) and as it is (`after`): both are stored as JSON (sharepool.core.audit.snapshot).
"""

from enum import StrEnum
from typing import Any, Protocol

from django.db import connection, models
from django.db.models import QuerySet

from sharepool.core.audit import snapshot, subject_of
from sharepool.tenants.audit.models import CommunityAuditEntry


class CommunityAuditAction(StrEnum):
    """The actions recorded so far; add one with the staff action that records it."""

    MEMBER_APPROVED = "member_approved"
    MEMBER_REJECTED = "member_rejected"
    BALANCE_ADJUSTED = "balance_adjusted"
    TRANSFER_REVERSED = "transfer_reversed"
    CREDIT_LIMIT_SET = "credit_limit_set"
    DEFAULT_CREDIT_LIMIT_SET = "default_credit_limit_set"
    DISPUTE_RESOLVED = "dispute_resolved"
    ACTIVITY_CANCELLED = "activity_cancelled"
    CHECK_IN_WINDOW_SET = "check_in_window_set"  # issue 10
    ROLE_APPOINTED = "role_appointed"  # issue 13: workers, coordinators, building heads
    ROLE_REMOVED = "role_removed"
    MEMBER_REGISTERED = "member_registered"  # issue 14: a worker registers a resident without a phone
    ACTIVITY_SERIES_CREATED = "activity_series_created"
    ATTENDANCE_MARKED = "attendance_marked"
    ACTIVITY_AWARDED = "activity_awarded"
    AUTO_CONFIRM_DELAY_SET = "auto_confirm_delay_set"
    MILESTONES_SET = "milestones_set"
    RECORDS_EXPORTED = "records_exported"  # issue 14: who took which records out, for which period
    CERTIFICATE_ISSUED = "certificate_issued"  # issue 14
    MEMBERS_IMPORTED = "members_imported"  # issue 14: an existing register brought in
    # issue 13: the neighbourhood as workers keep it
    ESTATE_CREATED = "estate_created"
    BUILDING_CREATED = "building_created"
    BUILDING_CONFIRMED = "building_confirmed"
    ORGANISATION_REGISTERED = "organisation_registered"
    ORGANISATION_EDITED = "organisation_edited"
    ORGANISATION_DISSOLVED = "organisation_dissolved"
    MEMBER_STANDING_SET = "member_standing_set"
    COUNCIL_CREATED = "council_created"  # issue 13: the council and its voting members, as workers keep them
    SEAT_GIVEN = "seat_given"
    SEAT_ENDED = "seat_ended"
    ORGANISATION_JOINED_FEDERATION = "organisation_joined_federation"


class Person(Protocol):  # a Member, without this app depending on the members app
    id: int
    display_name: str


def record_audit(
    *,
    actor: Person | None,
    action: str,
    subject: models.Model | tuple[str, object],
    before: Any = None,
    after: Any = None,
    acting_for: Person | None = None,
    once: bool = False,
) -> CommunityAuditEntry | None:
    """`once`: for idempotent actions (a replayed idempotency key), record the action on a subject once."""
    if not connection.in_atomic_block:
        # The row must commit or roll back with the action it records.
        raise RuntimeError("record_audit() runs inside the transaction of the action it records")
    subject_type, subject_id = subject_of(subject)
    if (
        once
        and CommunityAuditEntry.objects.filter(
            action=action, subject_type=subject_type, subject_id=subject_id
        ).exists()
    ):
        return None
    return CommunityAuditEntry.objects.create(
        actor_id=actor.id if actor is not None else None,
        actor_name=actor.display_name if actor is not None else "",
        acting_for_id=acting_for.id if acting_for is not None else None,
        action=str(action),
        subject_type=subject_type,
        subject_id=subject_id,
        before=snapshot(before),
        after=snapshot(after),
    )


def audit_entries() -> QuerySet[CommunityAuditEntry]:
    """Newest first; the API pages it for community workers (permission view_audit_log)."""
    return CommunityAuditEntry.objects.order_by("-occurred_at", "-id")
