"""A worker's activity tools (issue 14): a series made at once, attendance and awards from one list.

The series' occurrences are ordinary activities at the community's local time; attendance and awards keep
the time rules (check-in window, awards only after the start); every refusal leaves the community as it
was, and the second community never changes.
"""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sharepool.tenants.activities.attendance import do_award_attendees, do_mark_attendance
from sharepool.tenants.activities.errors import ActivityError, ActivityErrorCode
from sharepool.tenants.activities.models import Activity, ActivityAward, ActivitySeries, SignUp
from sharepool.tenants.activities.series import SeriesPlan, do_create_activity_series
from sharepool.tenants.activities.services import do_create_activity, do_sign_up
from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.ledger.errors import ActorError, ActorErrorCode
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.verify import violations_in_current_schema
from tests.tenants.cast import balance, category, during, tenant_state

SHANGHAI = ZoneInfo("Asia/Shanghai")


def state() -> dict:
    return {
        **tenant_state(),
        "activities": sorted(Activity.objects.values_list("id", "status")),
        "series": ActivitySeries.objects.count(),
        "audit": CommunityAuditEntry.objects.count(),
    }


def school_days(**ends) -> SeriesPlan:
    # Monday 2 March 2026: the first day of a spring term.
    return SeriesPlan(
        weekdays=(1, 2, 3, 4, 5),
        start_time=time(16, 30),
        duration_minutes=90,
        first_day=date(2026, 3, 2),
        **ends,
    )


def make_series(actor, plan: SeriesPlan) -> ActivitySeries:
    return do_create_activity_series(
        actor_id=actor.id,
        title="四点半课堂",
        category_id=category("childcare-tutoring").id,
        place="社区党群服务中心",
        capacity=20,
        minutes_credited=90,
        plan=plan,
    )


def test_a_series_makes_one_activity_each_school_day_at_half_past_four_local_time(world):
    # when: the worker makes the 4:30 classroom every school day for two weeks
    series = make_series(world.cast.worker, school_days(weeks=2))

    # then: ten activities, Monday to Friday, each at 16:30 in Shanghai, linked to the series, audited
    activities = list(series.activities.order_by("starts_at"))
    assert len(activities) == 10
    local = [activity.starts_at.astimezone(SHANGHAI) for activity in activities]
    assert {moment.isoweekday() for moment in local} == {1, 2, 3, 4, 5}
    assert {(moment.hour, moment.minute) for moment in local} == {(16, 30)}
    assert local[0].date() == date(2026, 3, 2) and local[-1].date() == date(2026, 3, 13)
    assert all(a.ends_at - a.starts_at == timedelta(minutes=90) for a in activities)
    assert len({a.check_in_code for a in activities}) == 10  # each day its own code
    entry = CommunityAuditEntry.objects.get(action="activity_series_created")
    assert entry.after["activities"] == 10 and entry.actor_id == world.cast.worker.id
    assert world.minle_untouched()


def test_a_series_until_a_date_ends_on_that_date(world):
    series = make_series(world.cast.coordinator, school_days(until=date(2026, 3, 4)))
    assert series.activities.count() == 3
    assert series.last_day == date(2026, 3, 4)


@pytest.mark.parametrize(
    ("plan", "code"),
    [
        (school_days(), ActivityErrorCode.SERIES_END_INVALID),
        (school_days(weeks=2, until=date(2026, 3, 20)), ActivityErrorCode.SERIES_END_INVALID),
        (school_days(weeks=0), ActivityErrorCode.SERIES_END_INVALID),
        (school_days(until=date(2026, 3, 1)), ActivityErrorCode.SERIES_END_INVALID),
        (SeriesPlan((), time(16, 30), 90, date(2026, 3, 2), weeks=1), ActivityErrorCode.WEEKDAYS_INVALID),
        (SeriesPlan((8,), time(16, 30), 90, date(2026, 3, 2), weeks=1), ActivityErrorCode.WEEKDAYS_INVALID),
        (SeriesPlan((6,), time(16, 30), 90, date(2026, 3, 2), until=date(2026, 3, 6)), "weekdays_invalid"),
        (SeriesPlan((1,), time(16, 30), 0, date(2026, 3, 2), weeks=1), ActivityErrorCode.DURATION_INVALID),
        (SeriesPlan((1, 2, 3, 4, 5, 6, 7), time(9), 60, date(2026, 1, 1), weeks=52), "series_too_long"),
    ],
)
def test_a_bad_series_is_refused_with_its_code_and_nothing_is_made(world, plan, code):
    before = state()
    with pytest.raises(ActivityError) as refused:
        make_series(world.cast.worker, plan)
    assert refused.value.code == code
    assert state() == before


def test_a_resident_cannot_make_a_series(world):
    before = state()
    with pytest.raises(ActorError) as refused:
        make_series(world.cast.alice, school_days(weeks=1))
    assert refused.value.code == ActorErrorCode.NOT_PERMITTED
    assert state() == before


def test_a_bad_occurrence_refuses_the_whole_series(world):
    # given: a title the activity refuses (empty): the first occurrence fails, none is kept
    before = state()
    with pytest.raises(ActivityError) as refused:
        do_create_activity_series(
            actor_id=world.cast.worker.id,
            title=" ",
            category_id=category("childcare-tutoring").id,
            place="社区党群服务中心",
            capacity=20,
            minutes_credited=90,
            plan=school_days(weeks=1),
        )
    assert refused.value.code == ActivityErrorCode.TITLE_REQUIRED
    assert state() == before


def classroom_under_way(world, *members) -> Activity:
    """A classroom that started ten minutes ago (its awards fall in the past), the members signed up."""
    start = timezone.now() - timedelta(minutes=10)
    activity = do_create_activity(
        actor_id=world.cast.coordinator.id,
        title="四点半课堂",
        category_id=category("childcare-tutoring").id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="社区党群服务中心",
        capacity=10,
        minutes_credited=90,
    )
    for member in members:
        do_sign_up(actor_id=member.id, activity_id=activity.id, now=start - timedelta(days=1))
    return activity


def test_a_worker_marks_attendance_then_awards_different_minutes_to_each(world):
    cast = world.cast
    activity = classroom_under_way(world, cast.alice, cast.bob, cast.carol)

    # when: the worker ticks Alice and Bob present (twice: a double tap), then awards Alice 120, Bob 60
    do_mark_attendance(
        actor_id=cast.worker.id, activity_id=activity.id, member_ids=[cast.alice.id, cast.bob.id]
    )
    do_mark_attendance(
        actor_id=cast.worker.id, activity_id=activity.id, member_ids=[cast.alice.id, cast.bob.id]
    )
    awards = [(cast.alice.id, 120), (cast.bob.id, 60)]
    do_award_attendees(actor_id=cast.worker.id, activity_id=activity.id, awards=awards, idempotency_key="k1")
    do_award_attendees(actor_id=cast.worker.id, activity_id=activity.id, awards=awards, idempotency_key="k1")

    # then: each paid once, their own minutes, from the pool; Carol neither checked in nor paid
    assert (balance(cast.alice), balance(cast.bob), balance(cast.carol)) == (120, 60, 0)
    assert dict(ActivityAward.objects.values_list("member_id", "minutes")) == {
        cast.alice.id: 120,
        cast.bob.id: 60,
    }
    assert Transfer.objects.filter(kind=Transfer.Kind.ACTIVITY_AWARD).count() == 2
    checked = SignUp.objects.exclude(checked_in_at=None).values_list("member_id", flat=True)
    assert set(checked) == {cast.alice.id, cast.bob.id}
    actions = list(CommunityAuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions.count("attendance_marked") == 1 and actions.count("activity_awarded") == 1
    assert violations_in_current_schema("beizhan") == []
    assert world.minle_untouched()


def test_bulk_refusals_leave_everything_as_it_was(world):
    cast = world.cast
    activity = classroom_under_way(world, cast.alice, cast.bob)
    do_mark_attendance(actor_id=cast.worker.id, activity_id=activity.id, member_ids=[cast.alice.id])
    do_award_attendees(
        actor_id=cast.worker.id,
        activity_id=activity.id,
        awards=[(cast.alice.id, 90)],
        idempotency_key="first",
    )
    upcoming = do_create_activity(
        actor_id=cast.coordinator.id,
        title="周末义诊",
        category_id=category("childcare-tutoring").id,
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=1),
        place="社区卫生站",
        capacity=5,
        minutes_credited=60,
    )
    before = state()
    refusals = [
        (do_mark_attendance, {"activity_id": activity.id, "member_ids": []}, "nobody_chosen"),
        (do_mark_attendance, {"activity_id": activity.id, "member_ids": [cast.carol.id]}, "not_signed_up"),
        (
            do_mark_attendance,
            {"activity_id": upcoming.id, "member_ids": [cast.alice.id]},
            "check_in_not_open",
        ),
        (do_award_attendees, {"activity_id": activity.id, "awards": [(cast.bob.id, 90)]}, "not_checked_in"),
        (
            do_award_attendees,
            {"activity_id": activity.id, "awards": [(cast.alice.id, 30)]},
            "already_awarded",
        ),
        (do_award_attendees, {"activity_id": activity.id, "awards": [(cast.alice.id, 0)]}, "minutes_invalid"),
        (
            do_award_attendees,
            {"activity_id": activity.id, "awards": [(cast.alice.id, 9999)]},
            "minutes_invalid",
        ),
        (
            do_award_attendees,
            {"activity_id": activity.id, "awards": [(cast.alice.id, 30), (cast.alice.id, 40)]},
            "member_listed_twice",
        ),
        (do_award_attendees, {"activity_id": activity.id, "awards": []}, "nobody_chosen"),
        (
            do_award_attendees,
            {"activity_id": upcoming.id, "awards": [(cast.alice.id, 30)]},
            "activity_not_started",
        ),
    ]
    for function, arguments, code in refusals:
        if function is do_award_attendees:
            arguments = {**arguments, "idempotency_key": f"key-{code}"}
        with pytest.raises(ActivityError) as refused:
            function(actor_id=cast.worker.id, **arguments)
        assert refused.value.code == code, (function.__name__, arguments)
        assert state() == before, code
    # a resident may not mark or award
    with pytest.raises(ActorError):
        do_mark_attendance(actor_id=cast.alice.id, activity_id=activity.id, member_ids=[cast.bob.id])
    with pytest.raises(ActorError):
        do_award_attendees(
            actor_id=cast.bob.id, activity_id=activity.id, awards=[(cast.bob.id, 60)], idempotency_key="x"
        )
    assert state() == before
    assert world.minle_untouched()


def test_no_bulk_award_for_a_cancelled_activity(world):
    from sharepool.tenants.activities.services import do_cancel_activity

    cast = world.cast
    activity = classroom_under_way(world, cast.alice)
    do_mark_attendance(
        actor_id=cast.worker.id, activity_id=activity.id, member_ids=[cast.alice.id], now=during(activity)
    )
    do_cancel_activity(actor_id=cast.worker.id, activity_id=activity.id)
    before = state()
    with pytest.raises(ActivityError) as refused:
        do_award_attendees(
            actor_id=cast.worker.id,
            activity_id=activity.id,
            awards=[(cast.alice.id, 60)],
            idempotency_key="c",
        )
    assert refused.value.code == ActivityErrorCode.ACTIVITY_NOT_OPEN
    assert state() == before
