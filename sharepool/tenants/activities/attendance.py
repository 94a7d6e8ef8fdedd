"""A worker marks who came and awards each the minutes they served, from one list (issue 14).

Bulk attendance is many coordinator check-ins at once, under the same rules (check-in window, confirmed
places). Bulk awards pay each attendee the minutes the worker writes beside their name (a helper who
stayed late, a child who left early) through the same ledger postings as `do_award_activity`; the time
rule holds: no award before the activity starts. Either call is all or nothing.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.retry import atomic_with_retries
from sharepool.tenants.activities.errors import ActivityError, ActivityErrorCode
from sharepool.tenants.activities.models import ActivityAward, SignUp
from sharepool.tenants.activities.services import (
    MAX_ACTIVITY_MINUTES,
    locked_activity,
    pay_awards,
    require_check_in_open,
    require_coordinator,
    require_open,
    require_started,
)
from sharepool.tenants.audit.services import CommunityAuditAction as Action
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.ledger.actors import load_active_member
from sharepool.tenants.ledger.idempotency import Operation, run_once

# One classroom, one hall: more names than this in one form is not a day's attendance.
MAX_LISTED = 500


def chosen_ids(member_ids: list[int]) -> list[int]:
    if not member_ids:
        raise ActivityError(
            ActivityErrorCode.NOBODY_CHOSEN, _("Tick at least one member."), field="memberIds"
        )
    if len(member_ids) > MAX_LISTED:
        raise ActivityError(
            ActivityErrorCode.NOBODY_CHOSEN,
            _("At most %(max)d members at once.") % {"max": MAX_LISTED},
            field="memberIds",
        )
    if len(set(member_ids)) != len(member_ids):
        raise ActivityError(
            ActivityErrorCode.MEMBER_LISTED_TWICE, _("A member is listed twice."), field="memberIds"
        )
    return sorted(member_ids)


@transaction.atomic
def do_mark_attendance(
    *, actor_id: int, activity_id: int, member_ids: list[int], now: datetime | None = None
) -> list[SignUp]:
    """Check in every chosen member with a confirmed place; those already checked in stay as they were,
    so a form sent twice changes nothing the second time. Returns the chosen members' sign-ups."""
    now = now or timezone.now()
    actor = load_active_member(actor_id, field="actor")
    activity = locked_activity(activity_id)
    require_coordinator(activity, actor)
    require_open(activity)
    require_check_in_open(activity, now)
    ids = chosen_ids(member_ids)
    sign_ups = list(
        SignUp.objects.filter(activity=activity, member_id__in=ids, status=SignUp.Status.CONFIRMED).order_by(
            "member_id"
        )
    )
    if len(sign_ups) != len(ids):
        raise ActivityError(
            ActivityErrorCode.NOT_SIGNED_UP,
            _("Only members with a confirmed place check in."),
            field="memberIds",
        )
    arriving = [sign_up for sign_up in sign_ups if sign_up.checked_in_at is None]
    for sign_up in arriving:
        sign_up.checked_in_at, sign_up.checked_in_by = now, actor
    SignUp.objects.bulk_update(arriving, ["checked_in_at", "checked_in_by"])
    if arriving:
        record_audit(
            actor=actor,
            action=Action.ATTENDANCE_MARKED,
            subject=activity,
            after={"members": [sign_up.member_id for sign_up in arriving]},
        )
    return sign_ups


def checked_minutes(awards: list[tuple[int, int]]) -> list[tuple[int, int]]:
    ids = chosen_ids([member_id for member_id, _minutes in awards])
    minutes_of = dict(awards)
    for member_id in ids:
        minutes = minutes_of[member_id]
        if (
            isinstance(minutes, bool)
            or not isinstance(minutes, int)
            or not (0 < minutes <= MAX_ACTIVITY_MINUTES)
        ):
            raise ActivityError(
                ActivityErrorCode.MINUTES_INVALID,
                _("Credit between 1 and %(max)d minutes.") % {"max": MAX_ACTIVITY_MINUTES},
                field=f"minutes-{member_id}",
            )
    return [(member_id, minutes_of[member_id]) for member_id in ids]


@atomic_with_retries
def do_award_attendees(
    *,
    actor_id: int,
    activity_id: int,
    awards: list[tuple[int, int]],
    idempotency_key: str,
    now: datetime | None = None,
) -> list[ActivityAward]:
    """Pay each (member, minutes): checked-in attendees not yet awarded for this activity, once per key."""
    moment = now or timezone.now()
    listed = sorted(awards)

    def award() -> list[ActivityAward]:
        actor = load_active_member(actor_id, field="actor")
        activity = locked_activity(activity_id)
        require_coordinator(activity, actor)
        require_open(activity)
        require_started(activity, moment)
        chosen = checked_minutes(listed)
        ids = [member_id for member_id, _minutes in chosen]
        present = set(
            SignUp.objects.filter(
                activity=activity, member_id__in=ids, checked_in_at__isnull=False
            ).values_list("member_id", flat=True)
        )
        if present != set(ids):
            raise ActivityError(
                ActivityErrorCode.NOT_CHECKED_IN,
                _("Only members who checked in are awarded."),
                field="memberIds",
            )
        if ActivityAward.objects.filter(activity=activity, member_id__in=ids).exists():
            raise ActivityError(
                ActivityErrorCode.ALREADY_AWARDED,
                _("A member chosen was already awarded for this activity."),
                field="memberIds",
            )
        made = pay_awards(activity, actor, chosen, idempotency_key=idempotency_key, moment=moment)
        record_audit(
            actor=actor,
            action=Action.ACTIVITY_AWARDED,
            subject=activity,
            after={"minutes": {str(member_id): minutes for member_id, minutes in chosen}},
        )
        return made

    operation = Operation(
        "award_attendees", f"activity:{activity_id}", {"actor": actor_id, "awards": [list(a) for a in listed]}
    )
    return run_once(
        idempotency_key,
        operation,
        award,
        result_of=lambda made: {"awards": [a.id for a in made]},
        replay=lambda result: list(
            ActivityAward.objects.filter(id__in=result["awards"]).order_by("member_id")
        ),
    )
