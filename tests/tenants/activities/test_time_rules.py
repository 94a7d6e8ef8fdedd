"""When an activity may be signed up for, checked into and awarded (issue 10, "Time bank rules").

Sign-up closes at the start; check-in opens the community's `check_in_opens_minutes` before the start
(60 by default) and closes at the end; hours are awarded only once it has started. Every refusal has its
own code and leaves the database as it was.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from sharepool.tenants.activities.errors import ActivityError, ActivityErrorCode
from sharepool.tenants.activities.models import Activity
from sharepool.tenants.activities.services import (
    activity_state,
    check_in_window,
    do_award_activity,
    do_check_in,
    do_create_activity,
    do_set_check_in_window,
    do_sign_up,
)
from sharepool.tenants.ledger.errors import ActorError, ActorErrorCode
from sharepool.tenants.members.models import CommunitySettings
from tests.tenants.cast import balance, category, tenant_state


def classroom(world, *, starts_in: timedelta) -> Activity:
    start = timezone.now() + starts_in
    return do_create_activity(
        actor_id=world.cast.coordinator.id,
        title="四点半课堂",
        category_id=category("childcare-tutoring").id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="社区党群服务中心",
        capacity=5,
        minutes_credited=120,
    )


def signed_up(world, activity: Activity, *members) -> None:
    before_start = activity.starts_at - timedelta(days=1)
    for member in members:
        do_sign_up(actor_id=member.id, activity_id=activity.id, now=before_start)


def test_the_check_in_window_opens_an_hour_before_the_start_by_default_and_closes_at_the_end(world):
    # given
    activity = classroom(world, starts_in=timedelta(days=1))

    # when
    opens, closes = check_in_window(activity)

    # then
    assert CommunitySettings.load().check_in_opens_minutes == 60
    assert opens == activity.starts_at - timedelta(minutes=60)
    assert closes == activity.ends_at


def test_sign_up_closes_at_the_start(world):
    # given
    activity = classroom(world, starts_in=timedelta(days=1))
    before = tenant_state()

    # when
    with pytest.raises(ActivityError) as refused:
        do_sign_up(actor_id=world.cast.alice.id, activity_id=activity.id, now=activity.starts_at)

    # then
    assert refused.value.code == ActivityErrorCode.SIGN_UP_CLOSED
    assert tenant_state() == before
    assert world.minle_untouched()


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (lambda a: a.starts_at - timedelta(minutes=61), ActivityErrorCode.CHECK_IN_NOT_OPEN),
        (lambda a: a.ends_at, ActivityErrorCode.CHECK_IN_CLOSED),
        (lambda a: a.ends_at + timedelta(days=3), ActivityErrorCode.CHECK_IN_CLOSED),
    ],
    ids=["too-early", "at-the-end", "days-later"],
)
@pytest.mark.parametrize("by", ["coordinator", "code"])
def test_check_in_outside_its_window_is_refused(world, moment, expected, by):
    # given
    activity = classroom(world, starts_in=timedelta(days=1))
    alice = world.cast.alice
    signed_up(world, activity, alice)
    before = tenant_state()

    # when
    with pytest.raises(ActivityError) as refused:
        if by == "coordinator":
            do_check_in(
                actor_id=world.cast.coordinator.id,
                activity_id=activity.id,
                member_id=alice.id,
                now=moment(activity),
            )
        else:
            do_check_in(
                actor_id=alice.id, activity_id=activity.id, code=activity.check_in_code, now=moment(activity)
            )

    # then
    assert refused.value.code == expected
    assert tenant_state() == before


def test_check_in_is_open_from_the_community_setting_before_the_start_until_the_end(world):
    # given: the community opens check-in 30 minutes before
    do_set_check_in_window(actor_id=world.cast.admin.id, minutes=30)
    activity = classroom(world, starts_in=timedelta(days=1))
    alice, bob = world.cast.alice, world.cast.bob
    signed_up(world, activity, alice, bob)

    # when
    with pytest.raises(ActivityError) as too_early:
        do_check_in(
            actor_id=alice.id,
            activity_id=activity.id,
            code=activity.check_in_code,
            now=activity.starts_at - timedelta(minutes=31),
        )
    first = do_check_in(
        actor_id=alice.id,
        activity_id=activity.id,
        code=activity.check_in_code,
        now=activity.starts_at - timedelta(minutes=30),
    )
    last = do_check_in(
        actor_id=world.cast.coordinator.id,
        activity_id=activity.id,
        member_id=bob.id,
        now=activity.ends_at - timedelta(seconds=1),
    )

    # then
    assert too_early.value.code == ActivityErrorCode.CHECK_IN_NOT_OPEN
    assert first.checked_in_at is not None and last.checked_in_at is not None
    assert world.minle_untouched()


def test_hours_are_awarded_only_once_the_activity_has_started(world):
    # given: Alice checked in within the hour before the start
    activity = classroom(world, starts_in=timedelta(minutes=30))
    alice = world.cast.alice
    signed_up(world, activity, alice)
    do_check_in(actor_id=world.cast.coordinator.id, activity_id=activity.id, member_id=alice.id)
    before = tenant_state()

    # when
    with pytest.raises(ActivityError) as refused:
        do_award_activity(
            actor_id=world.cast.coordinator.id, activity_id=activity.id, idempotency_key="early"
        )
    after_state = tenant_state()
    awards = do_award_activity(
        actor_id=world.cast.coordinator.id,
        activity_id=activity.id,
        idempotency_key="on-time",
        now=activity.starts_at,
    )

    # then
    assert refused.value.code == ActivityErrorCode.NOT_STARTED
    assert after_state == before
    assert [a.member_id for a in awards] == [alice.id]
    assert balance(alice) == 120


def test_an_activity_is_upcoming_under_way_ended_or_cancelled(world):
    # given
    activity = classroom(world, starts_in=timedelta(days=1))

    # then
    assert activity_state(activity, now=activity.starts_at - timedelta(seconds=1)) == "upcoming"
    assert activity_state(activity, now=activity.starts_at) == "under_way"
    assert activity_state(activity, now=activity.ends_at) == "ended"
    activity.status = Activity.Status.CANCELLED
    assert activity_state(activity, now=activity.starts_at) == "cancelled"


@pytest.mark.parametrize(
    ("who", "minutes", "expected"),
    [
        ("alice", 30, ActorErrorCode.NOT_PERMITTED),
        ("admin", -1, ActivityErrorCode.CHECK_IN_WINDOW_INVALID),
        ("admin", 24 * 60 + 1, ActivityErrorCode.CHECK_IN_WINDOW_INVALID),
        ("admin", True, ActivityErrorCode.CHECK_IN_WINDOW_INVALID),
    ],
)
def test_a_bad_check_in_window_is_refused(world, who, minutes, expected):
    # given
    before = CommunitySettings.load().check_in_opens_minutes

    # when
    with pytest.raises((ActivityError, ActorError)) as refused:
        do_set_check_in_window(actor_id=getattr(world.cast, who).id, minutes=minutes)

    # then
    assert refused.value.code == expected
    assert CommunitySettings.load().check_in_opens_minutes == before


def test_a_worker_sets_the_check_in_window_for_their_community_only(world):
    # when
    do_set_check_in_window(actor_id=world.cast.worker.id, minutes=15)

    # then
    assert CommunitySettings.load().check_in_opens_minutes == 15
    assert world.minle_untouched()
