"""The resident council by Robert's Rules (COUNCIL.md): the whole path of a motion, and every rule
refused with its code and nothing written."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.council.errors import CouncilError
from sharepool.tenants.council.models import Ballot, CouncilEvent, Minutes, Motion, MotionText, Session, Vote
from sharepool.tenants.council.services import (
    do_add_speaker,
    do_approve_minutes,
    do_cast_vote,
    do_check_in_to_session,
    do_close_debate,
    do_close_session,
    do_close_vote,
    do_complete_execution,
    do_create_session,
    do_draft_motion,
    do_end_speech,
    do_give_floor,
    do_lapse_unseconded_motions,
    do_leave_session,
    do_open_session,
    do_open_vote,
    do_postpone_motion,
    do_propose_amendment,
    do_record_follow_up,
    do_refer_motion,
    do_remind_follow_ups,
    do_report_progress,
    do_return_referred_motion,
    do_schedule_motion,
    do_second_motion,
    do_start_execution,
    do_state_question,
    do_submit_motion,
    do_withdraw_motion,
)
from sharepool.tenants.neighbourhood.models import CommunityOrganisation
from sharepool.tenants.notifications.models import Notification
from tests.tenants.council.procedure import assemble, check_in, council_state, on_the_floor, seconded_motion


def test_a_motion_from_research_to_follow_up_with_an_amendment_minutes_and_execution_by_building(world):
    # given
    a = assemble(world)
    motion = on_the_floor(a)
    nets = CommunityOrganisation.objects.create(
        name="北站社区出租屋楼长协会", kind="co_governance", registered_by=a.secretary
    )

    # when: an amendment, seconded and adopted by roll call; debate; the motion adopted by ballot
    amendment = do_propose_amendment(
        actor=a.voters[3], motion_id=motion.id, text="在创业花园各楼栋加装不锈钢防坠网。"
    )
    do_second_motion(actor=a.voters[4], motion_id=amendment.id)
    do_open_vote(actor=a.chair, motion_id=amendment.id, method="roll_call")
    for voter, choice in zip(a.voters, ["yes", "yes", "yes", "no", "abstain"], strict=True):
        do_cast_vote(actor=voter, motion_id=amendment.id, choice=choice)
    amendment_vote = do_close_vote(actor=a.chair, motion_id=amendment.id)
    do_add_speaker(actor=a.voters[1], motion_id=motion.id)
    do_give_floor(actor=a.chair, motion_id=motion.id)
    do_end_speech(actor=a.chair, motion_id=motion.id)
    do_open_vote(actor=a.chair, motion_id=motion.id, method="ballot")
    for voter, choice in zip(a.voters, ["yes", "yes", "yes", "yes", "no"], strict=True):
        do_cast_vote(actor=voter, motion_id=motion.id, choice=choice)
    vote = do_close_vote(actor=a.chair, motion_id=motion.id)
    do_close_session(actor=a.secretary, session_id=a.session.id)
    execution = do_start_execution(
        actor=a.secretary,
        motion_id=motion.id,
        due_on=timezone.localdate() + timedelta(days=60),
        organisation_ids=[nets.id],
        milestones=[("采购防坠网", timezone.localdate() + timedelta(days=20))],
    )
    for building in a.buildings:
        do_report_progress(actor=a.secretary, motion_id=motion.id, building_id=building.id, progress=50)
        do_report_progress(actor=a.secretary, motion_id=motion.id, building_id=building.id, progress=100)
    do_complete_execution(actor=a.secretary, motion_id=motion.id, closing_report="两栋楼防坠网全部安装完毕。")
    do_record_follow_up(actor=a.secretary, motion_id=motion.id, note="回访住户满意。")

    # then
    motion.refresh_from_db()
    assert (motion.state, motion.number, motion.text) == (
        "followed_up",
        1,
        "在创业花园各楼栋加装不锈钢防坠网。",
    )
    assert list(
        MotionText.objects.filter(motion=motion).order_by("id").values_list("text", "amendment_id")
    ) == [
        ("在创业花园各楼栋加装防坠网。", None),
        ("在创业花园各楼栋加装不锈钢防坠网。", amendment.id),
    ]
    assert (amendment_vote.yes, amendment_vote.no, amendment_vote.abstain, amendment_vote.result) == (
        3,
        1,
        1,
        "adopted",
    )
    assert (vote.yes, vote.no, vote.abstain, vote.present_at_close, vote.entitled, vote.quorum) == (
        4,
        1,
        0,
        5,
        5,
        3,
    )
    assert set(Ballot.objects.filter(vote=vote).values_list("choice", flat=True)) == {
        ""
    }  # secret: how is not kept
    assert Ballot.objects.filter(vote=vote).count() == 5  # who voted is
    assert (
        list(execution.buildings.order_by("building_id").values_list("status", "progress"))
        == [("done", 100)] * 2
    )
    assert execution.follow_up_on == execution.due_on + timedelta(days=30)
    minutes = Minutes.objects.get(session=a.session).text
    assert "对第1号议案《关于防止高空坠物加装防护网的议案》进行无记名投票（应到5人，实到5人）" in minutes
    assert (
        "表决结果：赞成4，反对1，弃权0，实到5人，须过半数赞成，第1号议案《关于防止高空坠物加装防护网的议案》通过"
        in minutes
    )
    assert (
        "议案文本修正为：“在创业花园各楼栋加装不锈钢防坠网。”（原文：“在创业花园各楼栋加装防坠网。”）"
        in minutes
    )
    kinds = set(Notification.objects.filter(member=a.voters[0]).values_list("kind", flat=True))
    assert kinds == {"motion_on_agenda", "vote_open", "motion_result"}
    assert list(
        CouncilEvent.objects.filter(motion=motion, to_state__gt="")
        .order_by("id")
        .values_list("from_state", "to_state")
    ) == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "seconded"),
        ("seconded", "scheduled"),
        ("scheduled", "pending"),
        ("pending", "voting"),
        ("voting", "adopted"),
        ("adopted", "in_execution"),
        ("not_started", "in_progress"),
        ("in_progress", "done"),
        ("not_started", "in_progress"),
        ("in_progress", "done"),
        ("in_execution", "completed"),
        ("completed", "followed_up"),
    ]
    assert world.minle_untouched()
    with schema_context(world.minle_schema):
        assert not CouncilEvent.objects.exists()


def test_minutes_are_approved_at_the_next_session(world):
    # given: the first session closed with its minutes
    a = assemble(world)
    check_in(a, 3)
    do_open_session(actor=a.secretary, session_id=a.session.id)
    do_close_session(actor=a.secretary, session_id=a.session.id)
    second = do_create_session(
        actor=a.secretary,
        council_id=a.council.id,
        title="第二次居民议事会",
        scheduled_at=timezone.now() + timedelta(days=7),
        chair_id=a.chair.id,
        secretary_id=a.secretary.id,
    )
    for voter in a.voters[:3]:
        do_check_in_to_session(actor=voter, session_id=second.id)
    do_open_session(actor=a.secretary, session_id=second.id)

    # when
    minutes = do_approve_minutes(actor=a.chair, minutes_session_id=a.session.id, in_session_id=second.id)

    # then
    assert (minutes.approved_in_id, minutes.approved_at is not None) == (second.id, True)
    assert "出席：张阿姨、刘师傅、陈同学" in minutes.text
    with pytest.raises(CouncilError) as refused:
        do_approve_minutes(actor=a.chair, minutes_session_id=a.session.id, in_session_id=second.id)
    assert refused.value.code == "minutes_already_approved"


def test_a_session_without_quorum_cannot_open_and_is_recorded_so(world):
    a = assemble(world)
    check_in(a, 2)

    session = do_open_session(actor=a.secretary, session_id=a.session.id)

    assert session.state == "no_quorum"
    assert (
        "不足法定人数，会议未能召开（应到5人，实到2人，法定人数3人）"
        in Minutes.objects.get(session=session).text
    )


def test_the_speakers_list_gives_the_floor_to_who_has_not_spoken_before_anyone_speaks_twice(world):
    # given: A speaks, asks again; then B asks
    a = assemble(world)
    motion = on_the_floor(a)
    first, second = a.voters[1], a.voters[2]
    do_add_speaker(actor=first, motion_id=motion.id)
    do_give_floor(actor=a.chair, motion_id=motion.id)
    do_end_speech(actor=a.chair, motion_id=motion.id)
    again = do_add_speaker(actor=first, motion_id=motion.id)
    do_add_speaker(actor=second, motion_id=motion.id)
    before = council_state()

    # when: the chair tries to give the floor to A again
    with pytest.raises(CouncilError) as refused:
        do_give_floor(actor=a.chair, motion_id=motion.id, speaker_id=again.id)
    after_refusal = council_state()
    given = do_give_floor(actor=a.chair, motion_id=motion.id)

    # then
    assert refused.value.code == "speaker_out_of_turn"
    assert after_refusal == before
    assert (given.member_id, given.round, given.limit_seconds) == (second.id, 1, 180)


def test_closing_debate_takes_two_thirds(world):
    # given: two members waiting to speak
    a = assemble(world)
    motion = on_the_floor(a)
    do_add_speaker(actor=a.voters[1], motion_id=motion.id)

    # when
    short = do_close_debate(actor=a.chair, motion_id=motion.id, yes=3, no=2, abstain=0)
    enough = do_close_debate(actor=a.chair, motion_id=motion.id, yes=4, no=1, abstain=0)
    vote = do_open_vote(actor=a.chair, motion_id=motion.id, method="voice")

    # then
    assert (short.result, short.threshold, enough.result) == ("failed", "two_thirds", "adopted")
    assert vote.threshold == "majority"


def test_a_motion_needing_two_thirds_fails_below_it(world):
    a = assemble(world)
    motion = on_the_floor(a, threshold="two_thirds")
    do_open_vote(actor=a.chair, motion_id=motion.id, method="show_of_hands")

    vote = do_close_vote(actor=a.chair, motion_id=motion.id, yes=3, no=2, abstain=0)

    assert (vote.result, vote.threshold, Motion.objects.get(id=motion.id).state) == (
        "failed",
        "two_thirds",
        "failed",
    )


def test_refer_return_resubmit_postpone_and_lapse(world):
    # given
    a = assemble(world)
    motion = on_the_floor(a)
    later = do_create_session(
        actor=a.secretary,
        council_id=a.council.id,
        title="第二次居民议事会",
        scheduled_at=timezone.now() + timedelta(days=7),
        chair_id=a.chair.id,
        secretary_id=a.secretary.id,
    )

    # when
    do_refer_motion(
        actor=a.chair,
        motion_id=motion.id,
        to="楼长协会",
        report_due=timezone.localdate() + timedelta(days=14),
    )
    do_return_referred_motion(
        actor=motion.mover, motion_id=motion.id, report="补充调研：费用由业主和物业分担。"
    )
    resubmitted = do_submit_motion(actor=motion.mover, motion_id=motion.id)
    do_schedule_motion(actor=a.secretary, motion_id=motion.id, session_id=a.session.id)
    do_state_question(actor=a.chair, motion_id=motion.id)
    postponed = do_postpone_motion(actor=a.chair, motion_id=motion.id, to_session_id=later.id)
    lonely = do_draft_motion(
        actor=a.voters[3], council_id=a.council.id, title="三线下地", text="光纤入地。", research="调研"
    )
    do_submit_motion(actor=a.voters[3], motion_id=lonely.id)
    lapsed = do_lapse_unseconded_motions(now=timezone.now() + timedelta(days=15))

    # then
    assert (resubmitted.state, resubmitted.number) == ("seconded", 1)
    assert (postponed.state, postponed.session_id) == ("postponed", later.id)
    assert "补充调研" in Motion.objects.get(id=motion.id).research
    assert (lapsed, Motion.objects.get(id=lonely.id).state) == (1, "lapsed")


def test_follow_ups_due_are_told_once(world):
    # given: an execution whose follow-up is due
    a = assemble(world)
    motion = on_the_floor(a)
    do_open_vote(actor=a.chair, motion_id=motion.id, method="voice")
    do_close_vote(actor=a.chair, motion_id=motion.id, yes=5, no=0, abstain=0)
    execution = do_start_execution(actor=a.secretary, motion_id=motion.id, due_on=timezone.localdate())

    # when
    first = do_remind_follow_ups(today=execution.follow_up_on)
    again = do_remind_follow_ups(today=execution.follow_up_on)

    # then
    assert first == again == 3  # the mover, the admin and the worker
    assert Notification.objects.filter(kind="follow_up_due").count() == 3


# ---------------------------------------------------------------------------------------------
# Every rule, refused with its code, nothing written


def refused_with(code, step):
    before = council_state()
    with pytest.raises(CouncilError) as refused:
        step()
    assert refused.value.code == code
    assert council_state() == before


def test_no_one_seconds_their_own_motion_and_only_voting_members_second(world):
    a = assemble(world)
    motion = do_draft_motion(
        actor=a.voters[1], council_id=a.council.id, title="防坠网", text="加装防坠网。", research="调研"
    )
    do_submit_motion(actor=a.voters[1], motion_id=motion.id)

    refused_with("cannot_second_own_motion", lambda: do_second_motion(actor=a.voters[1], motion_id=motion.id))
    refused_with("not_a_voting_member", lambda: do_second_motion(actor=a.outsider, motion_id=motion.id))
    do_second_motion(actor=a.voters[2], motion_id=motion.id)
    refused_with("wrong_state", lambda: do_second_motion(actor=a.voters[3], motion_id=motion.id))


def test_two_seconds_required_means_two_distinct_seconders(world):
    a = assemble(world, seconds_required=2)
    motion = do_draft_motion(
        actor=a.voters[1], council_id=a.council.id, title="防坠网", text="加装防坠网。", research="调研"
    )
    do_submit_motion(actor=a.voters[1], motion_id=motion.id)
    do_second_motion(actor=a.voters[2], motion_id=motion.id)

    refused_with("already_seconded", lambda: do_second_motion(actor=a.voters[2], motion_id=motion.id))
    assert Motion.objects.get(id=motion.id).state == "submitted"
    assert do_second_motion(actor=a.voters[3], motion_id=motion.id).state == "seconded"


def test_a_research_report_is_required_when_the_council_says_so(world):
    a = assemble(world)
    motion = do_draft_motion(actor=a.voters[1], council_id=a.council.id, title="防坠网", text="加装防坠网。")

    refused_with("research_required", lambda: do_submit_motion(actor=a.voters[1], motion_id=motion.id))


def test_only_voting_members_debate_and_vote(world):
    a = assemble(world)
    motion = on_the_floor(a)
    do_check_in_to_session(actor=a.outsider, session_id=a.session.id)

    refused_with("not_a_voting_member", lambda: do_add_speaker(actor=a.outsider, motion_id=motion.id))
    do_open_vote(actor=a.chair, motion_id=motion.id, method="roll_call")
    refused_with(
        "not_a_voting_member", lambda: do_cast_vote(actor=a.outsider, motion_id=motion.id, choice="yes")
    )
    do_cast_vote(actor=a.voters[1], motion_id=motion.id, choice="yes")
    refused_with("already_voted", lambda: do_cast_vote(actor=a.voters[1], motion_id=motion.id, choice="no"))


def test_no_vote_opens_or_closes_without_quorum(world):
    # given: 3 of 5 present (quorum 3)
    a = assemble(world)
    motion = on_the_floor(a, present=3)
    do_leave_session(actor=a.voters[2], session_id=a.session.id)

    refused_with(
        "quorum_not_present", lambda: do_open_vote(actor=a.chair, motion_id=motion.id, method="voice")
    )
    do_check_in_to_session(actor=a.voters[2], session_id=a.session.id)
    do_open_vote(actor=a.chair, motion_id=motion.id, method="voice")
    do_leave_session(actor=a.voters[2], session_id=a.session.id)
    refused_with(
        "quorum_not_present",
        lambda: do_close_vote(actor=a.chair, motion_id=motion.id, yes=2, no=0, abstain=0),
    )


def test_the_question_is_not_stated_without_quorum_nor_outside_a_session(world):
    a = assemble(world)
    motion = seconded_motion(a)
    do_schedule_motion(actor=a.secretary, motion_id=motion.id, session_id=a.session.id)

    refused_with("session_not_open", lambda: do_state_question(actor=a.chair, motion_id=motion.id))
    check_in(a, 3)
    do_open_session(actor=a.secretary, session_id=a.session.id)
    do_leave_session(actor=a.voters[2], session_id=a.session.id)
    refused_with("quorum_not_present", lambda: do_state_question(actor=a.chair, motion_id=motion.id))


def test_amendments_are_voted_before_their_parent_and_go_two_levels_deep_at_most(world):
    a = assemble(world)
    motion = on_the_floor(a)
    first = do_propose_amendment(actor=a.voters[3], motion_id=motion.id, text="加装不锈钢防坠网。")

    refused_with(
        "amendment_pending", lambda: do_propose_amendment(actor=a.voters[4], motion_id=motion.id, text="其他")
    )
    do_second_motion(actor=a.voters[4], motion_id=first.id)
    refused_with(
        "amendment_pending", lambda: do_open_vote(actor=a.chair, motion_id=motion.id, method="voice")
    )
    second_level = do_propose_amendment(actor=a.voters[1], motion_id=first.id, text="加装304不锈钢防坠网。")
    do_second_motion(actor=a.voters[2], motion_id=second_level.id)
    refused_with(
        "amendment_too_deep",
        lambda: do_propose_amendment(actor=a.voters[3], motion_id=second_level.id, text="第三层"),
    )
    refused_with("amendment_pending", lambda: do_open_vote(actor=a.chair, motion_id=first.id, method="voice"))


def test_voting_rules_on_counts_and_methods(world):
    a = assemble(world)
    motion = on_the_floor(a, present=3)
    do_add_speaker(actor=a.voters[1], motion_id=motion.id)

    refused_with(
        "debate_not_closed", lambda: do_open_vote(actor=a.chair, motion_id=motion.id, method="voice")
    )
    refused_with(
        "counts_invalid", lambda: do_close_debate(actor=a.chair, motion_id=motion.id, yes=3, no=1, abstain=0)
    )
    do_give_floor(actor=a.chair, motion_id=motion.id)
    refused_with("someone_is_speaking", lambda: do_give_floor(actor=a.chair, motion_id=motion.id))
    do_end_speech(actor=a.chair, motion_id=motion.id)
    do_open_vote(actor=a.chair, motion_id=motion.id, method="voice")
    refused_with("wrong_state", lambda: do_cast_vote(actor=a.voters[1], motion_id=motion.id, choice="yes"))
    refused_with("counts_required", lambda: do_close_vote(actor=a.chair, motion_id=motion.id))
    refused_with(
        "counts_invalid", lambda: do_close_vote(actor=a.chair, motion_id=motion.id, yes=-1, no=0, abstain=0)
    )
    refused_with(
        "not_permitted", lambda: do_close_vote(actor=a.voters[1], motion_id=motion.id, yes=2, no=0, abstain=0)
    )


def test_withdrawing_is_the_movers_before_it_is_stated_and_by_consent_after(world):
    a = assemble(world)
    motion = seconded_motion(a)

    refused_with("not_permitted", lambda: do_withdraw_motion(actor=a.voters[3], motion_id=motion.id))
    assert do_withdraw_motion(actor=motion.mover, motion_id=motion.id).state == "withdrawn"
    other = on_the_floor(a, title="关于小区“三线”整治活动的提案")
    refused_with("not_permitted", lambda: do_withdraw_motion(actor=other.mover, motion_id=other.id))
    assert do_withdraw_motion(actor=a.chair, motion_id=other.id).state == "withdrawn"


def test_execution_rules(world):
    a = assemble(world)
    motion = on_the_floor(a)
    refused_with(
        "wrong_state",
        lambda: do_start_execution(actor=a.secretary, motion_id=motion.id, due_on=timezone.localdate()),
    )
    do_open_vote(actor=a.chair, motion_id=motion.id, method="voice")
    do_close_vote(actor=a.chair, motion_id=motion.id, yes=5, no=0, abstain=0)
    do_start_execution(
        actor=a.secretary, motion_id=motion.id, due_on=timezone.localdate() + timedelta(days=9)
    )
    one = a.buildings[0]
    do_report_progress(actor=a.secretary, motion_id=motion.id, building_id=one.id, progress=60)

    refused_with(
        "progress_invalid",
        lambda: do_report_progress(actor=a.secretary, motion_id=motion.id, building_id=one.id, progress=40),
    )
    refused_with(
        "not_permitted",
        lambda: do_report_progress(actor=a.voters[3], motion_id=motion.id, building_id=one.id, progress=70),
    )
    refused_with(
        "execution_unfinished",
        lambda: do_complete_execution(actor=a.secretary, motion_id=motion.id, closing_report="完成"),
    )
    refused_with(
        "wrong_state", lambda: do_record_follow_up(actor=a.secretary, motion_id=motion.id, note="回访")
    )


def test_a_session_with_undecided_business_is_adjourned_not_closed(world):
    a = assemble(world)
    motion = on_the_floor(a)

    refused_with("session_has_business", lambda: do_close_session(actor=a.secretary, session_id=a.session.id))
    session = do_close_session(actor=a.secretary, session_id=a.session.id, adjourn=True)
    assert (session.state, Motion.objects.get(id=motion.id).state) == ("adjourned", "seconded")
    assert Session.objects.get(id=session.id).state == "adjourned"
    assert Vote.objects.count() == 0


def test_the_council_of_one_community_is_not_found_from_another(world):
    a = assemble(world)
    motion = seconded_motion(a)
    with schema_context(world.minle_schema):
        before = council_state()
        with pytest.raises(CouncilError) as refused:
            do_second_motion(actor=world.minle.bob, motion_id=motion.id)
        assert refused.value.code == "motion_not_found"
        assert council_state() == before


def test_an_amendment_nobody_seconded_lapses_when_the_question_is_put(world):
    a = assemble(world)
    motion = on_the_floor(a)
    amendment = do_propose_amendment(actor=a.voters[3], motion_id=motion.id, text="其他文本")

    do_open_vote(actor=a.chair, motion_id=motion.id, method="voice")

    assert Motion.objects.get(id=amendment.id).state == "lapsed"
    assert Motion.objects.get(id=motion.id).text == "在创业花园各楼栋加装防坠网。"
