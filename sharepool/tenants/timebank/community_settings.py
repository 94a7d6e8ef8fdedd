"""Community settings its admin sets (issue 14): after how many days an exchange nobody confirmed confirms
itself, and the milestones the community celebrates.

`do_auto_confirm_exchanges` reads the delay on every run, so a change applies from the next hourly run.
Milestones are granted by the recognition app, which reads them inside each service, award or approval;
recognitions already granted stay (a member honoured for 10 hours keeps it if 10 is dropped). They are set
here, above the ledger, whose actor checks the recognition app may not import."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.audit.services import CommunityAuditAction as Action
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.ledger.actors import load_active_member, require_permission
from sharepool.tenants.members.models import CommunitySettings
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.members.services import change_community_settings
from sharepool.tenants.recognition.errors import RecognitionError, RecognitionErrorCode
from sharepool.tenants.timebank.errors import TimebankError, TimebankErrorCode

# Under a day a recipient cannot read the notice in time; over two months the hours wait too long.
MIN_AUTO_CONFIRM_DAYS = 1
MAX_AUTO_CONFIRM_DAYS = 60
MAX_MILESTONES = 10
# A lifetime of service is far under 100,000 hours; member numbers stay under ten million.
MAX_HOURS = 100_000
MAX_MEMBER_NUMBER = 10_000_000


@transaction.atomic
def do_set_auto_confirm_days(*, actor_id: int, days: int) -> CommunitySettings:
    actor = load_active_member(actor_id, field="actor")
    require_permission(actor, CommunityPermission.SET_COMMUNITY_SETTINGS)
    if (
        isinstance(days, bool)
        or not isinstance(days, int)
        or not (MIN_AUTO_CONFIRM_DAYS <= days <= MAX_AUTO_CONFIRM_DAYS)
    ):
        raise TimebankError(
            TimebankErrorCode.AUTO_CONFIRM_DELAY_INVALID,
            _("Exchanges confirm themselves after %(min)d to %(max)d days.")
            % {"min": MIN_AUTO_CONFIRM_DAYS, "max": MAX_AUTO_CONFIRM_DAYS},
            field="days",
        )
    return change_community_settings(
        actor=actor, action=Action.AUTO_CONFIRM_DELAY_SET, auto_confirm_days=days
    )


def checked(values: list[int], *, maximum: int, field: str) -> list[int]:
    if (
        not values
        or len(values) > MAX_MILESTONES
        or any(isinstance(v, bool) or not isinstance(v, int) or not (0 < v <= maximum) for v in values)
        or len(set(values)) != len(values)
    ):
        raise RecognitionError(
            RecognitionErrorCode.MILESTONES_INVALID,
            _("1 to %(count)d different whole numbers from 1 to %(max)d.")
            % {"count": MAX_MILESTONES, "max": maximum},
            field=field,
        )
    return sorted(values)


@transaction.atomic
def do_set_milestones(*, actor_id: int, hours: list[int], member_numbers: list[int]) -> CommunitySettings:
    actor = load_active_member(actor_id, field="actor")
    require_permission(actor, CommunityPermission.SET_COMMUNITY_SETTINGS)
    hours = checked(hours, maximum=MAX_HOURS, field="hours")
    member_numbers = checked(member_numbers, maximum=MAX_MEMBER_NUMBER, field="memberNumbers")
    settings = CommunitySettings.objects.select_for_update().get(id=1)
    before = {"hours": settings.hours_milestones, "member_numbers": settings.member_number_milestones}
    settings.hours_milestones, settings.member_number_milestones = hours, member_numbers
    settings.save(update_fields=["hours_milestones", "member_number_milestones"])
    record_audit(
        actor=actor,
        action=Action.MILESTONES_SET,
        subject=settings,
        before=before,
        after={"hours": hours, "member_numbers": member_numbers},
    )
    return settings
