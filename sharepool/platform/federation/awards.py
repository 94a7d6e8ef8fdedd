"""Hours for a project activity, across communities (LEDGER.md, "Cross-community credit"; issue 5).

Only residents checked in (attendance.py) are credited, as at community activities: signing up is not
coming. The activity's host community pays. Its own residents are credited from its `community_pool`; a
resident of another community is credited through the clearing accounts of both
(`do_credit_across_communities`: the host's pool -> its `clearing:<home>`, the home's `clearing:<host>`
-> the resident), so invariant 5 holds and `verify_ledger` checks it. Everything runs in one
transaction: a failure in any schema leaves every schema untouched. Each idempotency key names
(activity, community, member): awarding again, or a replay, pays nobody twice.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass

from django.utils.translation import gettext_lazy as _
from django_tenants.utils import schema_context

from sharepool.core.retry import atomic_with_retries
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.access import access_activity_to_manage
from sharepool.platform.federation.actors import FederationActor
from sharepool.platform.federation.attendance import PROJECT_STATUSES_THAT_PAY
from sharepool.platform.federation.audit import Action, audit_for_organisation
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import ProjectActivity
from sharepool.tenants.ledger.actors import load_active_member
from sharepool.tenants.ledger.federation import do_credit_across_communities
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.services import Posting, community_pool, member_account_ids, post_transfers


@dataclass(frozen=True)
class ProjectAward:
    """One resident's credit, as plain data from both sides of the boundary."""

    community_slug: str
    member_id: int
    minutes: int
    through_clearing: bool


def award_key(activity: ProjectActivity, community_slug: str, member_id: int) -> str:
    return f"project-activity:{activity.id}:{community_slug}:{member_id}"


@atomic_with_retries
def do_award_project_activity(
    *, actor: FederationActor, activity_id, organisation_id=None
) -> list[ProjectAward]:
    """Credit every resident checked in to the activity with its minutes, whatever their community.

    Check-in closes when the activity is awarded, so awarding again credits the same residents, and
    their idempotency keys make that pay nobody twice.
    """
    # Missing and unseen look the same; seen but not the actor's to manage is not allowed (access.py).
    activity, project, participation = access_activity_to_manage(actor, activity_id, organisation_id)
    if project.status not in PROJECT_STATUSES_THAT_PAY or activity.status == ProjectActivity.Status.CANCELLED:
        raise FederationError(FederationErrorCode.ACTIVITY_CLOSED, _("This activity cannot be awarded."))
    if activity.award_minutes == 0:
        raise FederationError(FederationErrorCode.AMOUNT_INVALID, _("This activity awards no hours."))
    residents: dict[Community, list[int]] = defaultdict(list)
    attendees = activity.signups.filter(checked_in_at__isnull=False).select_related("community")
    for signup in attendees.order_by("community__slug", "member_id"):
        residents[signup.community].append(signup.member_id)
    if not residents:
        raise FederationError(FederationErrorCode.NOTHING_TO_AWARD, _("Nobody has checked in yet."))
    host = Community.objects.get(id=activity.host_community_id)
    memo = f"project activity #{activity.id}"
    awards: list[ProjectAward] = []

    own = residents.pop(host, [])
    if own:
        with schema_context(host.schema_name):
            for member_id in own:
                load_active_member(member_id)
            pool, accounts = community_pool().id, member_account_ids(own)
            post_transfers(
                [
                    Posting(
                        award_key(activity, host.slug, member_id),
                        debit_id=pool,
                        credit_id=accounts[member_id],
                        amount=activity.award_minutes,
                        kind=Transfer.Kind.ACTIVITY_AWARD,
                        memo=memo,
                    )
                    for member_id in own
                ]
            )
        awards += [ProjectAward(host.slug, member_id, activity.award_minutes, False) for member_id in own]
    for community, member_ids in residents.items():
        for member_id in member_ids:
            do_credit_across_communities(
                host_slug=host.slug,
                home_slug=community.slug,
                member_id=member_id,
                minutes=activity.award_minutes,
                idempotency_key=award_key(activity, community.slug, member_id),
                memo=memo,
            )
            awards.append(ProjectAward(community.slug, member_id, activity.award_minutes, True))

    if activity.status != ProjectActivity.Status.AWARDED:
        activity.status = ProjectActivity.Status.AWARDED
        activity.save(update_fields=["status"])
    audit_for_organisation(
        actor,
        Action.PROJECT_ACTIVITY_AWARDED,
        activity,
        participation.organisation,
        after={"awards": [asdict(award) for award in awards]},
    )
    return awards
