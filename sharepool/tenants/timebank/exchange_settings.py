"""The community's rule for exchanges nobody confirms: after how many days they confirm themselves (issue 14).

`do_auto_confirm_exchanges` reads it on every run, so a change applies from the next hourly run."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.audit.services import CommunityAuditAction as Action
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.ledger.actors import load_active_member, require_permission
from sharepool.tenants.members.models import CommunitySettings
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.timebank.errors import TimebankError, TimebankErrorCode

# Under a day a recipient cannot read the notice in time; over two months the hours wait too long.
MIN_AUTO_CONFIRM_DAYS = 1
MAX_AUTO_CONFIRM_DAYS = 60


@transaction.atomic
def do_set_auto_confirm_days(*, actor_id: int, days: int) -> CommunitySettings:
    actor = load_active_member(actor_id, field="actor")
    require_permission(actor, CommunityPermission.SET_EXCHANGE_RULES)
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
    settings = CommunitySettings.objects.select_for_update().get(id=1)
    before = {"auto_confirm_days": settings.auto_confirm_days}
    settings.auto_confirm_days = days
    settings.save(update_fields=["auto_confirm_days"])
    record_audit(
        actor=actor,
        action=Action.AUTO_CONFIRM_DELAY_SET,
        subject=settings,
        before=before,
        after={"auto_confirm_days": days},
    )
    return settings
