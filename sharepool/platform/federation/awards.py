"""Hours for a project activity, across communities (LEDGER.md, "Cross-community credit"; issue 5).

Only residents checked in (attendance.py) are credited, as at community activities: signing up is not
coming. The activity's host community pays. Its own residents are credited from its `community_pool`; a
resident of another community is credited through the clearing accounts of both
(`do_credit_across_communities`: the host's pool -> its `clearing:<home>`, the home's `clearing:<host>`
-> the resident), so invariant 5 holds and `verify_ledger` checks it. Everything runs in one
transaction: a failure in any schema leaves every schema untouched. Each idempotency key names
(activity, community, member): awarding again, or a replay, pays nobody twice. The postings are the
ledger's (`tenants/ledger/federation.py`), reached through `sharepool.gateways.federation_credit`.
"""

from collections import defaultdict
from dataclasses import asdict
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.retry import atomic_with_retries
from sharepool.gateways.federation_credit import ResidentCredit, credit_attendees
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.access import access_activity_to_manage
from sharepool.platform.federation.actors import FederationActor
from sharepool.platform.federation.attendance import PROJECT_STATUSES_THAT_PAY, require_started
from sharepool.platform.federation.audit import Action, audit_for_organisation
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import ProjectActivity, ProjectOutcome


@atomic_with_retries
def do_award_project_activity(
    *, actor: FederationActor, activity_id, organisation_id=None, now: datetime | None = None
) -> list[ResidentCredit]:
    """Credit every resident checked in to the activity with its minutes, whatever their community.

    Check-in closes when the activity is awarded, so awarding again credits the same residents, and
    their idempotency keys make that pay nobody twice.
    """
    # Missing and unseen look the same; seen but not the actor's to manage is not allowed (access.py).
    activity, project, participation = access_activity_to_manage(actor, activity_id, organisation_id)
    if project.status not in PROJECT_STATUSES_THAT_PAY or activity.status == ProjectActivity.Status.CANCELLED:
        raise FederationError(FederationErrorCode.ACTIVITY_CLOSED, _("This activity cannot be awarded."))
    require_started(activity, now or timezone.now())
    if activity.award_minutes == 0:
        raise FederationError(FederationErrorCode.AMOUNT_INVALID, _("This activity awards no hours."))
    attendees: dict[str, list[int]] = defaultdict(list)
    signups = activity.signups.filter(checked_in_at__isnull=False).values_list("community__slug", "member_id")
    for community_slug, member_id in signups.order_by("community__slug", "member_id"):
        attendees[community_slug].append(member_id)
    if not attendees:
        raise FederationError(FederationErrorCode.NOTHING_TO_AWARD, _("Nobody has checked in yet."))
    credits = credit_attendees(
        host_slug=Community.objects.values_list("slug", flat=True).get(id=activity.host_community_id),
        attendees=dict(attendees),
        minutes=activity.award_minutes,
        # The key names (activity, community, member), as it always has: replays of older awards match.
        key_prefix=f"project-activity:{activity.id}",
        memo=f"project activity #{activity.id}",
        title=activity.title,
    )
    record_award_outcome(activity, project, credits, participation.organisation_id)
    if activity.status != ProjectActivity.Status.AWARDED:
        activity.status = ProjectActivity.Status.AWARDED
        activity.save(update_fields=["status"])
    audit_for_organisation(
        actor,
        Action.PROJECT_ACTIVITY_AWARDED,
        activity,
        participation.organisation,
        after={"awards": [asdict(credit) for credit in credits]},
    )
    return credits


def record_award_outcome(activity, project, credits: list[ResidentCredit], recorded_by_id: int) -> None:
    """The project's outcomes show the time its volunteers gave: one row per activity, from the award,
    the same row brought up to date when the activity is awarded again (late check-ins)."""
    outcome, _created = ProjectOutcome.objects.update_or_create(
        activity=activity,
        from_award=True,
        defaults={
            "project": project,
            "people_served": 0,  # the beneficiaries are the organisations' to report
            "volunteer_minutes": sum(credit.minutes for credit in credits),
            "recorded_by_id": recorded_by_id,
        },
    )
    outcome.organisations.set(
        project.participants.filter(accepted_at__isnull=False).values_list("organisation_id", flat=True)
    )
