"""Attendance at project activities: only residents checked in are credited (awards.py).

As at community activities (tenants/activities/services.py, do_check_in): those who may manage the
activity (the same rule as awarding it) check a signed-up resident in, or the resident checks in on
their own community's host with the code shown on the day. Checking in twice is refused, and so is
checking in to an activity cancelled or already awarded: its hours are settled.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.ids import local_id
from sharepool.credentials.check_in_codes import check_in_code_matches
from sharepool.gateways.activity_rules import check_in_opens_minutes_of
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.access import (
    access_activity,
    access_activity_to_manage,
    not_allowed,
)
from sharepool.platform.federation.actors import FederationActor
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import Project, ProjectActivity, ProjectActivitySignup
from sharepool.platform.federation.permissions import FederationPermission, federation_allows

# The projects whose activities may still be attended and awarded (awards.py checks the same).
PROJECT_STATUSES_THAT_PAY = (Project.Status.ACTIVE, Project.Status.COMPLETED)


def require_attendable(activity: ProjectActivity, project: Project, now: datetime) -> None:
    if activity.status != ProjectActivity.Status.SCHEDULED or project.status not in PROJECT_STATUSES_THAT_PAY:
        raise FederationError(FederationErrorCode.ACTIVITY_CLOSED, _("Check-in for this activity is closed."))
    require_check_in_open(activity, now)


def require_check_in_open(activity: ProjectActivity, now: datetime) -> None:
    """As at the host community's own activities: from its `check_in_opens_minutes` before the start
    until the end."""
    minutes = check_in_opens_minutes_of(
        Community.objects.values_list("schema_name", flat=True).get(id=activity.host_community_id)
    )
    if now < activity.starts_at - timedelta(minutes=minutes):
        raise FederationError(
            FederationErrorCode.CHECK_IN_NOT_OPEN,
            _("Check-in opens %(minutes)d minutes before the start.") % {"minutes": minutes},
        )
    if now >= activity.ends_at:
        raise FederationError(
            FederationErrorCode.CHECK_IN_CLOSED, _("Check-in closed when the activity ended.")
        )


def require_started(activity: ProjectActivity, now: datetime) -> None:
    if now < activity.starts_at:
        raise FederationError(
            FederationErrorCode.ACTIVITY_NOT_STARTED, _("Hours are awarded once the activity has started.")
        )


def signup_to_check_in(activity: ProjectActivity, community_id, member_id) -> ProjectActivitySignup:
    signup = ProjectActivitySignup.objects.filter(
        activity=activity, community_id=local_id(community_id), member_id=local_id(member_id)
    ).first()
    if signup is None:
        raise FederationError(
            FederationErrorCode.NOT_SIGNED_UP, _("Only residents signed up to the activity check in.")
        )
    if signup.checked_in_at is not None:
        raise FederationError(FederationErrorCode.ALREADY_CHECKED_IN, _("Already checked in."))
    return signup


@transaction.atomic
def do_check_in_to_project_activity(
    *,
    actor: FederationActor,
    activity_id,
    member_id=None,
    community_id=None,
    code: str | None = None,
    organisation_id=None,
    now: datetime | None = None,
) -> ProjectActivitySignup:
    """Without `member_id`, a resident checks themself in with the code; with it, a manager checks in
    the resident (community_id, member_id); a community worker's own community when community_id is
    left out. A manager acts for one of the project's organisations, like do_award_project_activity."""
    now = now or timezone.now()
    if member_id is None:
        # Self check-in: the code proves presence.
        if not federation_allows(actor, FederationPermission.CHECK_IN_WITH_CODE):
            raise not_allowed()
        activity = access_activity(actor, activity_id, for_update=True)
        require_attendable(activity, activity.project, now)
        if not check_in_code_matches(code, activity.check_in_code):
            raise FederationError(
                FederationErrorCode.CODE_INVALID, _("This check-in code is not right."), field="code"
            )
        signup = signup_to_check_in(activity, actor.community_id, actor.member_id)
        organisation = None
    else:
        activity, project, participation = access_activity_to_manage(actor, activity_id, organisation_id)
        require_attendable(activity, project, now)
        signup = signup_to_check_in(
            activity, actor.community_id if community_id is None else community_id, member_id
        )
        organisation = participation.organisation_id
    signup.checked_in_at = now
    signup.checked_in_by_kind = actor.kind.value
    signup.checked_in_by_organisation_id = organisation
    if actor.is_community_side:
        signup.checked_in_by_community_id, signup.checked_in_by_member_id = (
            actor.community_id,
            actor.member_id,
        )
    signup.save(
        update_fields=[
            "checked_in_at",
            "checked_in_by_kind",
            "checked_in_by_organisation",
            "checked_in_by_community",
            "checked_in_by_member_id",
        ]
    )
    return signup
