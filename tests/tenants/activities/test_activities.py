"""Volunteer activities (the 4:30 classroom): sign-up, waiting list, check-in, the all-or-nothing award."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sharepool.tenants.activities.errors import ActivityError, ActivityErrorCode
from sharepool.tenants.activities.models import Activity, ActivityAward, SignUp
from sharepool.tenants.activities.services import (
    do_award_activity,
    do_cancel_sign_up,
    do_check_in,
    do_create_activity,
    do_sign_up,
)
from sharepool.tenants.ledger.errors import ActorError, ActorErrorCode, LedgerError, LedgerErrorCode
from sharepool.tenants.ledger.models import Account
from sharepool.tenants.ledger.services import community_pool
from sharepool.tenants.ledger.verify import violations_in_current_schema
from tests.tenants.cast import balance, category, during, tenant_state


def classroom(world, capacity=2, minutes=120) -> Activity:
    start = timezone.now() + timedelta(days=1)
    return do_create_activity(
        actor_id=world.cast.coordinator.id,
        title="四点半课堂",
        category_id=category("childcare-tutoring").id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="社区党群服务中心",
        capacity=capacity,
        minutes_credited=minutes,
    )


def status_of(activity, member) -> str:
    return SignUp.objects.get(activity=activity, member=member).status


def test_sign_ups_beyond_capacity_wait_and_a_cancellation_promotes_the_first_waiting(world):
    # given: two places
    activity = classroom(world, capacity=2)
    alice, bob, carol, office = world.cast.alice, world.cast.bob, world.cast.carol, world.cast.office

    # when
    for member in (alice, bob, carol, office):
        do_sign_up(actor_id=member.id, activity_id=activity.id)
    statuses_before = [status_of(activity, m) for m in (alice, bob, carol, office)]
    do_cancel_sign_up(actor_id=alice.id, activity_id=activity.id)

    # then
    assert statuses_before == ["confirmed", "confirmed", "waiting", "waiting"]
    assert [status_of(activity, m) for m in (alice, bob, carol, office)] == [
        "cancelled",
        "confirmed",
        "confirmed",
        "waiting",
    ]
    assert world.minle_untouched()


def test_signing_up_twice_is_refused(world):
    # given
    activity = classroom(world)
    do_sign_up(actor_id=world.cast.alice.id, activity_id=activity.id)
    before = tenant_state()

    # when
    with pytest.raises(ActivityError) as refused:
        do_sign_up(actor_id=world.cast.alice.id, activity_id=activity.id)

    # then
    assert refused.value.code == ActivityErrorCode.ALREADY_SIGNED_UP
    assert tenant_state() == before


def test_check_in_by_the_coordinator_or_by_the_member_with_the_code(world):
    # given
    activity = classroom(world)
    alice, bob = world.cast.alice, world.cast.bob
    for member in (alice, bob):
        do_sign_up(actor_id=member.id, activity_id=activity.id)

    # when
    by_coordinator = do_check_in(
        actor_id=world.cast.coordinator.id, activity_id=activity.id, now=during(activity), member_id=alice.id
    )
    by_code = do_check_in(
        actor_id=bob.id, activity_id=activity.id, now=during(activity), code=activity.check_in_code.lower()
    )

    # then
    assert by_coordinator.checked_in_by_id == world.cast.coordinator.id
    assert by_code.checked_in_by_id == bob.id
    assert SignUp.objects.exclude(checked_in_at=None).count() == 2


@pytest.mark.parametrize(
    ("who", "target", "code", "expected"),
    [
        ("bob", None, "WRONG1", ActivityErrorCode.CODE_INVALID),
        ("bob", None, "签到码", ActivityErrorCode.CODE_INVALID),  # was a TypeError in compare_digest
        ("bob", "alice", None, ActorErrorCode.NOT_PERMITTED),  # a resident cannot check others in
        ("coordinator", "carol", None, ActivityErrorCode.NOT_SIGNED_UP),
    ],
)
def test_a_bad_check_in_is_refused(world, who, target, code, expected):
    # given
    activity = classroom(world)
    for member in (world.cast.alice, world.cast.bob):
        do_sign_up(actor_id=member.id, activity_id=activity.id)
    before = tenant_state()

    # when
    with pytest.raises((ActivityError, ActorError)) as refused:
        do_check_in(
            actor_id=getattr(world.cast, who).id,
            activity_id=activity.id,
            now=during(activity),
            member_id=getattr(world.cast, target).id if target else None,
            code=code,
        )

    # then
    assert refused.value.code == expected
    assert tenant_state() == before


def test_the_award_credits_every_attendee_from_the_pool_once(world):
    # given: three signed up, two checked in
    activity = classroom(world, capacity=5, minutes=120)
    alice, bob, carol = world.cast.alice, world.cast.bob, world.cast.carol
    for member in (alice, bob, carol):
        do_sign_up(actor_id=member.id, activity_id=activity.id)
    for member in (alice, bob):
        do_check_in(
            actor_id=world.cast.coordinator.id,
            activity_id=activity.id,
            now=during(activity),
            member_id=member.id,
        )

    # when: awarded, replayed, then carol checks in late and it is awarded again with another key
    first = do_award_activity(
        actor_id=world.cast.coordinator.id,
        activity_id=activity.id,
        now=during(activity),
        idempotency_key="award-1",
    )
    replay = do_award_activity(
        actor_id=world.cast.coordinator.id,
        activity_id=activity.id,
        now=during(activity),
        idempotency_key="award-1",
    )
    do_check_in(
        actor_id=world.cast.coordinator.id, activity_id=activity.id, now=during(activity), member_id=carol.id
    )
    later = do_award_activity(
        actor_id=world.cast.coordinator.id,
        activity_id=activity.id,
        now=during(activity),
        idempotency_key="award-2",
    )

    # then
    assert [a.member_id for a in first] == [alice.id, bob.id]
    assert [a.id for a in replay] == [a.id for a in first]
    assert [a.member_id for a in later] == [alice.id, bob.id, carol.id]
    assert (balance(alice), balance(bob), balance(carol)) == (120, 120, 120)
    assert community_pool().balance == -360
    assert all(a.transfer.kind == "activity_award" for a in later)
    assert violations_in_current_schema("beizhan") == []
    assert world.minle_untouched()


def test_the_award_is_all_or_nothing(world):
    # given: Bob's account has a ceiling the award would break
    activity = classroom(world, capacity=5, minutes=120)
    for member in (world.cast.alice, world.cast.bob, world.cast.carol):
        do_sign_up(actor_id=member.id, activity_id=activity.id)
        do_check_in(
            actor_id=world.cast.coordinator.id,
            activity_id=activity.id,
            now=during(activity),
            member_id=member.id,
        )
    Account.objects.filter(member=world.cast.bob).update(ceiling=60)
    before = tenant_state()

    # when
    with pytest.raises(LedgerError) as refused:
        do_award_activity(
            actor_id=world.cast.coordinator.id,
            activity_id=activity.id,
            now=during(activity),
            idempotency_key="a",
        )

    # then: Alice, awarded before Bob in the same transaction, got nothing either
    assert refused.value.code == LedgerErrorCode.ABOVE_CEILING
    assert tenant_state() == before
    assert ActivityAward.objects.count() == 0


def test_only_the_organiser_or_a_worker_awards(world):
    # given
    activity = classroom(world)
    do_sign_up(actor_id=world.cast.alice.id, activity_id=activity.id)
    do_check_in(
        actor_id=world.cast.coordinator.id,
        activity_id=activity.id,
        now=during(activity),
        member_id=world.cast.alice.id,
    )
    before = tenant_state()

    # when
    with pytest.raises(ActorError) as refused:
        do_award_activity(
            actor_id=world.cast.alice.id, activity_id=activity.id, now=during(activity), idempotency_key="a"
        )

    # then
    assert refused.value.code == ActorErrorCode.NOT_PERMITTED
    assert tenant_state() == before


def test_an_award_with_nobody_checked_in_is_refused(world):
    # given
    activity = classroom(world)
    before = tenant_state()

    # when
    with pytest.raises(ActivityError) as refused:
        do_award_activity(
            actor_id=world.cast.coordinator.id,
            activity_id=activity.id,
            now=during(activity),
            idempotency_key="a",
        )

    # then
    assert refused.value.code == ActivityErrorCode.NOTHING_TO_AWARD
    assert tenant_state() == before


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": ""}, ActivityErrorCode.TITLE_REQUIRED),
        ({"place": " "}, ActivityErrorCode.PLACE_REQUIRED),
        ({"capacity": 0}, ActivityErrorCode.CAPACITY_INVALID),
        ({"minutes_credited": 0}, ActivityErrorCode.MINUTES_INVALID),
        ({"ends_at": "same"}, ActivityErrorCode.TIMES_INVALID),
        ({"actor_id": "alice"}, ActorErrorCode.NOT_PERMITTED),
    ],
)
def test_a_bad_activity_is_refused(world, fields, code):
    # given
    start = timezone.now()
    arguments = {
        "actor_id": world.cast.coordinator.id,
        "title": "小小文明劝导员",
        "category_id": category("public-volunteering").id,
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "place": "深圳北站",
        "capacity": 20,
        "minutes_credited": 180,
    }
    if fields.get("ends_at") == "same":
        fields = {"ends_at": start}
    if fields.get("actor_id") == "alice":
        fields = {"actor_id": world.cast.alice.id}
    before = tenant_state()

    # when
    with pytest.raises((ActivityError, ActorError)) as refused:
        do_create_activity(**(arguments | fields))

    # then
    assert refused.value.code == code
    assert tenant_state() == before
    assert Activity.objects.count() == 0
