"""Recording and reading the federation's and the platform's audit trail (issue 11).

Call `record_audit(...)` inside the transaction of the action with the acting FederationActor; pass the
street office the subject belongs to, so that its staff (and operators) read the entry.
"""

from enum import StrEnum
from typing import Any, Protocol

from django.db import connection, models
from django.db.models import QuerySet

from sharepool.core.audit import snapshot, subject_of
from sharepool.platform.audit.models import PlatformAuditEntry


class PlatformAuditAction(StrEnum):
    """The actions recorded so far; add one with the action that records it."""

    ORGANISATION_REGISTERED = "organisation_registered"
    ORGANISATION_VERIFIED = "organisation_verified"
    ORGANISATION_TOKEN_ISSUED = "organisation_token_issued"
    ORGANISATION_TOKEN_REVOKED = "organisation_token_revoked"
    ALLIANCE_CREATED = "alliance_created"
    ALLIANCE_INVITATION_SENT = "alliance_invitation_sent"
    ALLIANCE_INVITATION_ACCEPTED = "alliance_invitation_accepted"
    ALLIANCE_LEFT = "alliance_left"
    RESOURCE_PUBLISHED = "resource_published"
    RESOURCE_WITHDRAWN = "resource_withdrawn"
    DEMAND_PUBLISHED = "demand_published"
    DEMAND_WITHDRAWN = "demand_withdrawn"
    PROJECT_PROPOSED = "project_proposed"
    PROJECT_ACCEPTED = "project_accepted"
    PROJECT_YEAR_PLANNED = "project_year_planned"
    PROJECT_ACTIVITY_SCHEDULED = "project_activity_scheduled"
    PROJECT_OUTCOME_RECORDED = "project_outcome_recorded"
    PROJECT_ACTIVITY_AWARDED = "project_activity_awarded"
    STREET_OFFICE_CREATED = "street_office_created"
    STREET_OFFICE_STAFF_CREATED = "street_office_staff_created"


class Actor(Protocol):
    """A FederationActor, without this app depending on the federation app; read-only, as the actors
    are frozen."""

    @property
    def kind(self) -> str: ...
    @property
    def organisation_id(self) -> int | None: ...
    @property
    def community_id(self) -> int | None: ...
    @property
    def street_office_id(self) -> int | None: ...
    @property
    def member_id(self) -> int | None: ...
    @property
    def display_name(self) -> str: ...
    @property
    def user_id(self) -> int | None: ...


def record_audit(
    *,
    actor: Actor,
    action: str,
    subject: models.Model | tuple[str, object],
    street_office_id: int | None,
    before: Any = None,
    after: Any = None,
    acting_for_organisation_id: int | None = None,
) -> PlatformAuditEntry:
    if not connection.in_atomic_block:
        # The row must commit or roll back with the action it records.
        raise RuntimeError("record_audit() runs inside the transaction of the action it records")
    subject_type, subject_id = subject_of(subject)
    return PlatformAuditEntry.objects.create(
        actor_kind=str(actor.kind),
        actor_name=actor.display_name,
        actor_user_id=actor.user_id,
        actor_organisation_id=actor.organisation_id,
        actor_community_id=actor.community_id,
        actor_member_id=actor.member_id,
        acting_for_organisation_id=acting_for_organisation_id,
        street_office_id=street_office_id,
        action=str(action),
        subject_type=subject_type,
        subject_id=subject_id,
        before=snapshot(before),
        after=snapshot(after),
    )


def audit_entries(*, street_office_id: int | None) -> QuerySet[PlatformAuditEntry]:
    """Newest first: all of them for operators (None), one street office's for its staff."""
    entries = PlatformAuditEntry.objects.order_by("-occurred_at", "-id")
    if street_office_id is not None:
        entries = entries.filter(street_office_id=street_office_id)
    return entries
