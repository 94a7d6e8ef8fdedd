"""The federation's actions in the platform's audit trail (issue 11): read by operators and by the staff
of the street office the organisation acted for belongs to."""

from typing import Any

from django.db import models

from sharepool.platform.audit.services import PlatformAuditAction, record_audit
from sharepool.platform.federation.actors import FederationActor
from sharepool.platform.federation.models import Alliance, FederatedOrganisation

Action = PlatformAuditAction


def audit_for_organisation(
    actor: FederationActor,
    action: PlatformAuditAction,
    subject: models.Model,
    organisation: FederatedOrganisation,
    *,
    before: Any = None,
    after: Any = None,
) -> None:
    record_audit(
        actor=actor,
        action=action,
        subject=subject,
        street_office_id=organisation.street_office_id,
        acting_for_organisation_id=organisation.id,
        before=before,
        after=subject if after is None else after,
    )


def audit_alliance(
    actor: FederationActor, action: PlatformAuditAction, alliance: Alliance, **extra: Any
) -> None:
    """An alliance is its convener's: a street office's own, or its convening community's office's."""
    record_audit(
        actor=actor,
        action=action,
        subject=alliance,
        street_office_id=alliance.convening_street_office_id,
        after={"name": alliance.name, **extra},
    )
