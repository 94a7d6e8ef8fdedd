"""A worker creates the council with its rules and seats its voting members (issue 13): every rule
checked with its code, every refusal writing nothing, every change in the audit trail."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.core.errors import DomainError
from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.council.models import Council, CouncilEvent, Seat
from sharepool.tenants.council.services import (
    do_create_council,
    do_end_seat,
    do_give_seat,
    quorum_of,
    voting_member_ids,
)
from sharepool.tenants.members.models import Member
from tests.tenants.cast import add_member
from tests.tenants.council.procedure import council_state


def trail() -> list[tuple[int, str, str, str]]:
    return list(
        CommunityAuditEntry.objects.order_by("id").values_list(
            "actor_id", "action", "subject_type", "subject_id"
        )
    )


def state() -> dict:
    """The council's rows, its seats with their dates, and the audit trail."""
    return {
        **council_state(),
        "seat_rows": list(Seat.objects.order_by("id").values_list("id", "member_id", "kind", "until")),
        "audit": trail(),
    }


def test_a_worker_creates_a_council_with_its_rules_and_the_rest_by_default(world):
    worker = world.cast.worker

    # when
    council = do_create_council(
        actor=worker, name=" 北站社区居民议事会 ", seconds_required=2, quorum=11, research_required=False
    )

    # then
    saved = Council.objects.get(id=council.id)
    assert (saved.name, saved.seconds_required, saved.quorum, saved.research_required) == (
        "北站社区居民议事会",
        2,
        11,
        False,
    )
    assert (
        saved.default_threshold,
        saved.follow_up_days,
        saved.second_within_days,
        saved.speech_seconds,
    ) == (
        "majority",
        30,
        14,
        180,
    )
    assert list(CouncilEvent.objects.values_list("kind", flat=True)) == ["council_created"]
    assert trail() == [(worker.id, "council_created", "council", str(council.id))]
    assert CommunityAuditEntry.objects.get().after["quorum"] == 11
    assert world.minle_untouched()


@pytest.mark.parametrize(
    ("rules", "code", "field"),
    [
        ({"seconds_required": 0}, "seconds_required_invalid", "secondsRequired"),
        ({"seconds_required": 11}, "seconds_required_invalid", "secondsRequired"),
        ({"quorum": 0}, "quorum_invalid", "quorum"),
        ({"quorum": -3}, "quorum_invalid", "quorum"),
        ({"follow_up_days": 0}, "follow_up_days_invalid", "followUpDays"),
        ({"follow_up_days": 366}, "follow_up_days_invalid", "followUpDays"),
        ({"second_within_days": 0}, "second_within_days_invalid", "secondWithinDays"),
        ({"speech_seconds": 5}, "speech_seconds_invalid", "speechSeconds"),
        ({"speech_seconds": 40_000}, "speech_seconds_invalid", "speechSeconds"),
        ({"default_threshold": "unanimity"}, "threshold_invalid", "defaultThreshold"),
        ({"seconds_required": True}, "seconds_required_invalid", "secondsRequired"),
    ],
)
def test_a_rule_out_of_its_bounds_is_refused_and_nothing_is_written(world, rules, code, field):
    before = state()

    with pytest.raises(DomainError) as refused:
        do_create_council(actor=world.cast.worker, name="北站社区居民议事会", **rules)

    assert (refused.value.code, refused.value.field) == (code, field)
    assert state() == before


def test_a_blank_long_or_taken_name_and_a_resident_are_refused_and_nothing_is_written(world):
    worker = world.cast.worker
    do_create_council(actor=worker, name="北站社区居民议事会")
    before = state()

    refusals = []
    for actor, name in [
        (worker, "   "),
        (worker, "议" * 101),
        (worker, "北站社区居民议事会"),
        (world.cast.alice, "另一个议事会"),
        (world.cast.coordinator, "另一个议事会"),
    ]:
        with pytest.raises(DomainError) as refused:
            do_create_council(actor=actor, name=name)
        refusals.append(refused.value.code)

    assert refusals == ["name_required", "text_too_long", "name_taken", "not_permitted", "not_permitted"]
    assert state() == before


def test_seats_are_given_and_ended_and_only_current_seats_vote_and_make_the_quorum(world):
    worker, cast = world.cast.worker, world.cast
    council = do_create_council(actor=worker, name="北站社区居民议事会")

    # when: three seats given, one ended, and the member who left seated again later
    seats = [
        do_give_seat(actor=worker, council_id=council.id, member_id=member.id, kind=kind)
        for member, kind in [
            (cast.alice, "building_head"),
            (cast.bob, "representative"),
            (cast.carol, "representative"),
        ]
    ]
    ended = do_end_seat(actor=worker, seat_id=seats[1].id)

    # then
    assert voting_member_ids(council) == {cast.alice.id, cast.carol.id}
    assert quorum_of(council) == 2
    assert ended.until == timezone.localdate()
    assert Seat.objects.get(id=seats[0].id).kind == "building_head"
    assert list(CouncilEvent.objects.order_by("id").values_list("kind", flat=True)) == [
        "council_created",
        "seat_given",
        "seat_given",
        "seat_given",
        "seat_ended",
    ]
    assert [action for _actor, action, _type, _id in trail()] == [
        "council_created",
        "seat_given",
        "seat_given",
        "seat_given",
        "seat_ended",
    ]
    ending = CommunityAuditEntry.objects.get(action="seat_ended")
    assert (ending.subject_id, ending.before["until"], ending.after["until"]) == (
        str(seats[1].id),
        None,
        timezone.localdate().isoformat(),
    )
    again = do_give_seat(actor=worker, council_id=council.id, member_id=cast.bob.id)
    assert again.id != seats[1].id and voting_member_ids(council) == {
        cast.alice.id,
        cast.bob.id,
        cast.carol.id,
    }
    assert world.minle_untouched()


def test_a_seat_refused_for_who_cannot_hold_it_writes_nothing(world):
    worker, cast = world.cast.worker, world.cast
    council = do_create_council(actor=worker, name="北站社区居民议事会")
    seat = do_give_seat(actor=worker, council_id=council.id, member_id=cast.alice.id)
    do_end_seat(actor=worker, seat_id=seat.id)
    seated = do_give_seat(actor=worker, council_id=council.id, member_id=cast.bob.id)
    applicant = add_member("申请人")
    Member.objects.filter(id=applicant.id).update(status=Member.Status.PENDING)
    before = state()

    refusals = []
    for call in [
        lambda: do_give_seat(actor=worker, council_id=council.id, member_id=cast.bob.id),
        lambda: do_give_seat(actor=worker, council_id=council.id, member_id=cast.office.id),
        lambda: do_give_seat(actor=worker, council_id=council.id, member_id=applicant.id),
        lambda: do_give_seat(actor=worker, council_id=council.id, member_id=999_999),
        lambda: do_give_seat(actor=worker, council_id=council.id, member_id=cast.carol.id, kind="chair"),
        lambda: do_give_seat(actor=worker, council_id=999_999, member_id=cast.carol.id),
        lambda: do_give_seat(actor=cast.alice, council_id=council.id, member_id=cast.carol.id),
        lambda: do_end_seat(actor=worker, seat_id=seat.id),
        lambda: do_end_seat(actor=worker, seat_id=999_999),
        lambda: do_end_seat(actor=cast.bob, seat_id=seated.id),
    ]:
        with pytest.raises(DomainError) as refused:
            call()
        refusals.append(refused.value.code)

    assert refusals == [
        "already_seated",
        "seat_for_a_person",
        "member_not_active",
        "member_not_found",
        "seat_kind_invalid",
        "council_not_found",
        "not_permitted",
        "seat_ended",
        "seat_not_found",
        "not_permitted",
    ]
    assert state() == before


def test_another_communitys_worker_neither_sees_nor_changes_the_council_or_its_seats(world):
    worker = world.cast.worker
    council = do_create_council(actor=worker, name="北站社区居民议事会")
    seat = do_give_seat(actor=worker, council_id=council.id, member_id=world.cast.alice.id)

    with schema_context(world.minle_schema):
        before = state()
        refusals = []
        for call in [
            lambda: do_give_seat(
                actor=world.minle.worker, council_id=council.id, member_id=world.minle.bob.id
            ),
            lambda: do_end_seat(actor=world.minle.worker, seat_id=seat.id),
        ]:
            with pytest.raises(DomainError) as refused:
                call()
            refusals.append(refused.value.code)
        # Minle may have its own council of the same name: the name is unique per community.
        own = do_create_council(actor=world.minle.worker, name="北站社区居民议事会")
        assert state()["councils"] == [*before["councils"], (own.id, "北站社区居民议事会")]

    assert refusals == ["council_not_found", "seat_not_found"]
    assert Seat.objects.get(id=seat.id).until is None
