"""Volunteer activities: sign-up with a waiting list, check-in, and the all-or-nothing award (issue 4)."""

from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.retry import atomic_with_retries
from sharepool.core.text import check_model_texts
from sharepool.credentials.check_in_codes import check_in_code_matches, new_check_in_code
from sharepool.tenants.activities.errors import ActivityError, ActivityErrorCode
from sharepool.tenants.activities.models import Activity, ActivityAward, ActivitySeries, SignUp
from sharepool.tenants.audit.services import CommunityAuditAction as Action
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.ledger.actors import (
    load_acting,
    load_active_member,
    require_permission,
)
from sharepool.tenants.ledger.idempotency import Operation, run_once
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.services import Posting, community_pool, member_account_ids, post_transfers
from sharepool.tenants.members.models import CommunitySettings
from sharepool.tenants.members.permissions import CommunityPermission, has_permission
from sharepool.tenants.members.services import change_community_settings
from sharepool.tenants.notifications.announcements import announce_hours_awarded
from sharepool.tenants.recognition.services import grant_hours_milestones
from sharepool.tenants.timebank.services import load_category

# A volunteer shift credits at most a long day.
MAX_ACTIVITY_MINUTES = 12 * 60
# Check-in opening more than a day early would let a member check in the day before.
MAX_CHECK_IN_OPENS_MINUTES = 24 * 60


@transaction.atomic
def do_create_activity(
    *,
    actor_id: int,
    title: str,
    category_id: int,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    capacity: int,
    minutes_credited: int,
    organiser_id: int | None = None,
    series: ActivitySeries | None = None,
) -> Activity:
    actor = load_active_member(actor_id, field="actor")
    require_permission(actor, CommunityPermission.ORGANISE_ACTIVITIES)
    organiser = load_active_member(organiser_id, field="organiserId") if organiser_id else actor
    require_permission(organiser, CommunityPermission.ORGANISE_ACTIVITIES)
    category = load_category(category_id)
    if not title.strip():
        raise ActivityError(ActivityErrorCode.TITLE_REQUIRED, _("Give a title."), field="title")
    if not place.strip():
        raise ActivityError(ActivityErrorCode.PLACE_REQUIRED, _("Say where it takes place."), field="place")
    check_model_texts(Activity, title=title.strip(), place=place.strip())
    if ends_at <= starts_at:
        raise ActivityError(
            ActivityErrorCode.TIMES_INVALID, _("It must end after it starts."), field="endsAt"
        )
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not (0 < capacity <= 10_000):
        raise ActivityError(
            ActivityErrorCode.CAPACITY_INVALID, _("Capacity is 1 to 10,000 people."), field="capacity"
        )
    if (
        isinstance(minutes_credited, bool)
        or not isinstance(minutes_credited, int)
        or not (0 < minutes_credited <= MAX_ACTIVITY_MINUTES)
    ):
        raise ActivityError(
            ActivityErrorCode.MINUTES_INVALID,
            _("Credit between 1 and %(max)d minutes.") % {"max": MAX_ACTIVITY_MINUTES},
            field="minutesCredited",
        )
    return Activity.objects.create(
        title=title.strip(),
        organiser=organiser,
        category=category,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        capacity=capacity,
        minutes_credited=minutes_credited,
        check_in_code=new_check_in_code(),
        series=series,
    )


def locked_activity(activity_id: int) -> Activity:
    # The activity row serialises sign-ups, so capacity is never exceeded by a race.
    activity = Activity.objects.select_for_update().filter(id=activity_id).first()
    if activity is None:
        raise ActivityError(ActivityErrorCode.ACTIVITY_NOT_FOUND, _("No such activity."), field="activityId")
    return activity


def require_open(activity: Activity) -> None:
    if activity.status != Activity.Status.OPEN:
        raise ActivityError(ActivityErrorCode.ACTIVITY_NOT_OPEN, _("This activity is not open."))


def check_in_opens_minutes() -> int:
    return CommunitySettings.objects.values_list("check_in_opens_minutes", flat=True).get(id=1)


def check_in_window(activity: Activity, opens_minutes: int | None = None) -> tuple[datetime, datetime]:
    """(opens, closes): the community's `check_in_opens_minutes` before the start, until the end.

    A page listing many activities reads the setting once and passes it as `opens_minutes`."""
    if opens_minutes is None:
        opens_minutes = check_in_opens_minutes()
    try:
        opens = activity.starts_at - timedelta(minutes=opens_minutes)
    except OverflowError:
        # An activity dated in year 1 is legal input (the bad-input walk sends one); its check-in
        # opens at the earliest time there is rather than failing every read of it.
        opens = datetime.min.replace(tzinfo=UTC)
    return opens, activity.ends_at


def activity_state(activity: Activity, now: datetime) -> str:
    """upcoming, under_way, ended or cancelled: what the pages and the API show."""
    if activity.status == Activity.Status.CANCELLED:
        return "cancelled"
    if now < activity.starts_at:
        return "upcoming"
    return "under_way" if now < activity.ends_at else "ended"


def require_sign_up_open(activity: Activity, now: datetime) -> None:
    if now >= activity.starts_at:
        raise ActivityError(ActivityErrorCode.SIGN_UP_CLOSED, _("Sign-up closed when the activity started."))


def require_check_in_open(activity: Activity, now: datetime) -> None:
    opens, closes = check_in_window(activity)
    if now < opens:
        raise ActivityError(
            ActivityErrorCode.CHECK_IN_NOT_OPEN,
            _("Check-in opens %(minutes)d minutes before the start.")
            % {"minutes": int((activity.starts_at - opens).total_seconds() // 60)},
        )
    if now >= closes:
        raise ActivityError(ActivityErrorCode.CHECK_IN_CLOSED, _("Check-in closed when the activity ended."))


def require_started(activity: Activity, now: datetime) -> None:
    if now < activity.starts_at:
        raise ActivityError(
            ActivityErrorCode.NOT_STARTED, _("Hours are awarded once the activity has started.")
        )


@transaction.atomic
def do_set_check_in_window(*, actor_id: int, minutes: int) -> CommunitySettings:
    """How many minutes before an activity's start check-in opens, for the whole community."""
    actor = load_active_member(actor_id, field="actor")
    require_permission(actor, CommunityPermission.SET_ACTIVITY_RULES)
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not (0 <= minutes <= MAX_CHECK_IN_OPENS_MINUTES)
    ):
        raise ActivityError(
            ActivityErrorCode.CHECK_IN_WINDOW_INVALID,
            _("Check-in opens 0 to %(max)d minutes before the start.") % {"max": MAX_CHECK_IN_OPENS_MINUTES},
            field="minutes",
        )
    return change_community_settings(
        actor=actor, action=Action.CHECK_IN_WINDOW_SET, check_in_opens_minutes=minutes
    )


def require_coordinator(activity: Activity, member) -> None:
    if member.id != activity.organiser_id:
        require_permission(member, CommunityPermission.RUN_ANY_ACTIVITY)


def coordinates(activity: Activity, member) -> bool:
    """The organiser and community workers run the activity: they see its check-in code."""
    return member.id == activity.organiser_id or has_permission(member, CommunityPermission.RUN_ANY_ACTIVITY)


def upcoming_activities(now: datetime):
    """What is still to come or under way, soonest first."""
    return Activity.objects.filter(ends_at__gt=now).select_related("category").order_by("starts_at", "id")


def past_activities(now: datetime):
    return Activity.objects.filter(ends_at__lte=now).select_related("category").order_by("-starts_at", "-id")


def with_sign_up_status_of(member_id: int, activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """The activities, each with the status of the member's live sign-up as `my_sign_up_status` (None without
    one): read in the same statement as the activities, for a list page.

    Written as SQL: the ORM's Subquery for it cost as much to build on each request as the list's own query
    (issue 12). Its table and column names are the models' own."""
    quote = connection.ops.quote_name
    live = (
        f"SELECT s.status FROM {quote(SignUp._meta.db_table)} s "  # noqa: S608 (table names, no input)
        f"WHERE s.activity_id = {quote(Activity._meta.db_table)}.id AND s.member_id = %s AND s.status <> %s LIMIT 1"
    )
    return activities.annotate(my_sign_up_status=RawSQL(live, (member_id, SignUp.Status.CANCELLED.value)))


def sign_ups_of(member_id: int, activity_ids) -> dict[int, SignUp]:
    """The member's live sign-ups among these activities, by activity id: one query for a whole page."""
    live = SignUp.objects.filter(member_id=member_id, activity_id__in=list(activity_ids)).exclude(
        status=SignUp.Status.CANCELLED
    )
    return {sign_up.activity_id: sign_up for sign_up in live}


def waiting_position(sign_up: SignUp) -> int | None:
    """1 for the first on the waiting list; None when the sign-up is not waiting."""
    if sign_up.status != SignUp.Status.WAITING:
        return None
    ahead = SignUp.objects.filter(activity_id=sign_up.activity_id, status=SignUp.Status.WAITING).filter(
        Q(signed_up_at__lt=sign_up.signed_up_at) | Q(signed_up_at=sign_up.signed_up_at, id__lt=sign_up.id)
    )
    return ahead.count() + 1


@transaction.atomic
def do_sign_up(
    *, actor_id: int, activity_id: int, on_behalf_of_id: int | None = None, now: datetime | None = None
) -> SignUp:
    """A confirmed place while there is room, otherwise the waiting list."""
    now = now or timezone.now()
    acting = load_acting(actor_id, on_behalf_of_id)
    activity = locked_activity(activity_id)
    require_open(activity)
    require_sign_up_open(activity, now)
    sign_up = SignUp.objects.filter(activity=activity, member=acting.party).first()
    if sign_up is not None and sign_up.status != SignUp.Status.CANCELLED:
        raise ActivityError(ActivityErrorCode.ALREADY_SIGNED_UP, _("Already signed up."))
    taken = SignUp.objects.filter(activity=activity, status=SignUp.Status.CONFIRMED).count()
    status = SignUp.Status.CONFIRMED if taken < activity.capacity else SignUp.Status.WAITING
    if sign_up is None:
        return SignUp.objects.create(activity=activity, member=acting.party, status=status, signed_up_at=now)
    sign_up.status, sign_up.signed_up_at = status, now
    sign_up.save(update_fields=["status", "signed_up_at"])
    return sign_up


@transaction.atomic
def do_cancel_sign_up(*, actor_id: int, activity_id: int, on_behalf_of_id: int | None = None) -> SignUp:
    """Give the place up; the first on the waiting list takes it."""
    acting = load_acting(actor_id, on_behalf_of_id)
    activity = locked_activity(activity_id)
    sign_up = (
        SignUp.objects.filter(activity=activity, member=acting.party)
        .exclude(status=SignUp.Status.CANCELLED)
        .first()
    )
    if sign_up is None:
        raise ActivityError(ActivityErrorCode.NOT_SIGNED_UP, _("Not signed up."))
    if sign_up.checked_in_at is not None:
        raise ActivityError(
            ActivityErrorCode.ALREADY_CHECKED_IN, _("Already checked in; ask the coordinator.")
        )
    freed = sign_up.status == SignUp.Status.CONFIRMED
    sign_up.status = SignUp.Status.CANCELLED
    sign_up.save(update_fields=["status"])
    if freed:
        first_waiting = (
            SignUp.objects.filter(activity=activity, status=SignUp.Status.WAITING)
            .order_by("signed_up_at", "id")
            .first()
        )
        if first_waiting is not None:
            first_waiting.status = SignUp.Status.CONFIRMED
            first_waiting.save(update_fields=["status"])
    return sign_up


@transaction.atomic
def do_check_in(
    *,
    actor_id: int,
    activity_id: int,
    member_id: int | None = None,
    code: str | None = None,
    now: datetime | None = None,
) -> SignUp:
    """The coordinator checks a member in, or a member checks in with the code the coordinator shows."""
    now = now or timezone.now()
    actor = load_active_member(actor_id, field="actor")
    activity = locked_activity(activity_id)
    require_open(activity)
    require_check_in_open(activity, now)
    if member_id is None or (member_id == actor.id and code is not None):
        # Self check-in: the code proves presence.
        if not check_in_code_matches(code, activity.check_in_code):
            raise ActivityError(
                ActivityErrorCode.CODE_INVALID, _("This check-in code is not right."), field="code"
            )
        member = actor
    else:
        require_coordinator(activity, actor)
        member = load_active_member(member_id)
    sign_up = SignUp.objects.filter(activity=activity, member=member, status=SignUp.Status.CONFIRMED).first()
    if sign_up is None:
        raise ActivityError(
            ActivityErrorCode.NOT_SIGNED_UP, _("Only members with a confirmed place check in.")
        )
    if sign_up.checked_in_at is not None:
        raise ActivityError(ActivityErrorCode.ALREADY_CHECKED_IN, _("Already checked in."))
    sign_up.checked_in_at, sign_up.checked_in_by = now, actor
    sign_up.save(update_fields=["checked_in_at", "checked_in_by"])
    return sign_up


def pay_awards(
    activity: Activity, actor, awards: list[tuple[int, int]], *, idempotency_key: str, moment: datetime
) -> list[ActivityAward]:
    """Credit each (member, minutes) from `community_pool` in the ledger, record the awards, grant milestones
    and tell each member.

    The caller holds the activity's lock and has checked who may be awarded."""
    member_ids = [member_id for member_id, _minutes in awards]
    pool, accounts = community_pool().id, member_account_ids(member_ids)
    postings = [
        Posting(
            f"{idempotency_key}:member:{member_id}",
            debit_id=pool,
            credit_id=accounts[member_id],
            amount=minutes,
            kind=Transfer.Kind.ACTIVITY_AWARD,
            memo=f"activity #{activity.id}",
        )
        for member_id, minutes in awards
    ]
    transfers = post_transfers(postings, recorded_by_id=actor.id)
    made = ActivityAward.objects.bulk_create(
        [
            ActivityAward(
                activity=activity,
                member_id=member_id,
                minutes=minutes,
                transfer=transfer,
                awarded_by=actor,
                awarded_at=moment,
            )
            for (member_id, minutes), transfer in zip(awards, transfers, strict=True)
        ]
    )
    for member_id, minutes in awards:
        grant_hours_milestones(member_id=member_id, now=moment)
        announce_hours_awarded(
            member_id=member_id,
            minutes=minutes,
            title=activity.title,
            key=f"activity:{activity.id}:member:{member_id}",
        )
    return made


@atomic_with_retries
def do_award_activity(
    *, actor_id: int, activity_id: int, idempotency_key: str, now: datetime | None = None
) -> list[ActivityAward]:
    """Credit every checked-in attendee from `community_pool`: all in one transaction, once per member.

    Attendees already awarded are skipped, so a replay (any key) or a later award after late check-ins
    never pays anyone twice. Returns every award of the activity; a replay of a key, the awards it returned.
    """

    moment = now or timezone.now()

    def award() -> list[ActivityAward]:
        actor = load_active_member(actor_id, field="actor")
        activity = locked_activity(activity_id)
        require_coordinator(activity, actor)
        require_started(activity, moment)
        awarded = set(ActivityAward.objects.filter(activity=activity).values_list("member_id", flat=True))
        attendees = list(
            SignUp.objects.filter(activity=activity, checked_in_at__isnull=False)
            .exclude(member_id__in=awarded)
            .order_by("member_id")
            .values_list("member_id", flat=True)
        )
        if not attendees and not awarded:
            raise ActivityError(ActivityErrorCode.NOTHING_TO_AWARD, _("Nobody has checked in yet."))
        if attendees:
            pay_awards(
                activity,
                actor,
                [(member_id, activity.minutes_credited) for member_id in attendees],
                idempotency_key=idempotency_key,
                moment=moment,
            )
        return list(ActivityAward.objects.filter(activity=activity).order_by("member_id"))

    operation = Operation("award_activity", f"activity:{activity_id}", {"actor": actor_id})
    return run_once(
        idempotency_key,
        operation,
        award,
        result_of=lambda awards: {"awards": [a.id for a in awards]},
        replay=lambda result: list(
            ActivityAward.objects.filter(id__in=result["awards"]).order_by("member_id")
        ),
    )


@transaction.atomic
def do_cancel_activity(*, actor_id: int, activity_id: int) -> Activity:
    actor = load_active_member(actor_id, field="actor")
    activity = locked_activity(activity_id)
    require_coordinator(activity, actor)
    require_open(activity)
    activity.status = Activity.Status.CANCELLED
    activity.save(update_fields=["status"])
    record_audit(
        actor=actor,
        action=Action.ACTIVITY_CANCELLED,
        subject=activity,
        before={"status": Activity.Status.OPEN},
        after={"status": activity.status},
    )
    return activity
