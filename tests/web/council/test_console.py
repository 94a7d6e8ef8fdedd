"""The chair's and secretary's console (issue 13): a session run with POST forms that call the domain,
refusals shown in Chinese with nothing written, and only the session's chair and secretary (or a
community worker) let in."""

from sharepool.tenants.council.models import Attendance, Minutes, Motion, Session, Speaker, Vote
from tests.tenants.council.procedure import assemble, council_state, seconded_motion
from tests.web.pages import back_to, client_of, queries_of


def step(client, a, name: str, **data):
    return client.post(f"/council/sessions/{a.session.id}/console/{name}/", data)


def test_a_session_run_from_the_console_from_roll_call_to_minutes(world, beizhan):
    # given: a seconded motion; the secretary (a community worker) at the console
    a = assemble(world)
    motion = seconded_motion(a)
    console = client_of(beizhan, a.secretary)

    # when: put on the agenda, three of five marked present, opened, the question stated, one speaker,
    # debate closed 3-0, a show of hands 3-0-0, the session closed
    assert step(console, a, "schedule", motionId=motion.id).status_code == 302
    for voter in a.voters[:3]:
        assert step(console, a, "roll-call", memberId=voter.id).status_code == 302
    step(console, a, "open")
    step(console, a, "state", motionId=motion.id)
    step(console, a, "add-speaker", motionId=motion.id, memberId=a.voters[1].id)
    floor = console.get(f"/council/sessions/{a.session.id}/console/").content.decode()
    speaker = Speaker.objects.get(motion=motion)
    step(console, a, "give-floor", motionId=motion.id, speakerId=speaker.id)
    speaking = console.get(f"/council/sessions/{a.session.id}/console/").content.decode()
    step(console, a, "end-speech", motionId=motion.id)
    step(console, a, "close-debate", motionId=motion.id, yes=3, no=0, abstain=0)
    step(console, a, "open-vote", motionId=motion.id, method="show_of_hands")
    step(console, a, "close-vote", motionId=motion.id, yes=3, no=0, abstain=0)
    closed = step(console, a, "close")
    back_to(beizhan)

    # then
    assert "应到 5 人，实到 0 人 · 法定人数 3 人" not in floor
    assert "应到 5 人，实到 3 人 · 法定人数 3 人" in floor and "已达法定人数" in floor
    assert f'data-speaker="{a.voters[1].id}"' in floor
    assert 'data-timer data-started="' in speaking and 'data-limit="180"' in speaking
    assert closed.status_code == 302
    assert Session.objects.get(id=a.session.id).state == "closed"
    assert Motion.objects.get(id=motion.id).state == "adopted"
    vote = Vote.objects.get(motion=motion, question="motion")
    assert (vote.yes, vote.no, vote.abstain, vote.present_at_close, vote.result) == (3, 0, 0, 3, "adopted")
    assert set(Attendance.objects.filter(session=a.session).values_list("method", flat=True)) == {"roll_call"}
    minutes = Minutes.objects.get(session=a.session).text
    assert f"{a.voters[1].display_name}发言" in minutes
    assert "表决结果：赞成3，反对0，弃权0，实到3人，须过半数赞成" in minutes
    assert world.minle_untouched()


def test_a_refused_step_is_shown_in_chinese_and_changes_nothing(world, beizhan):
    # given: the session not opened yet, two of five present
    a = assemble(world)
    motion = seconded_motion(a)
    console = client_of(beizhan, a.secretary)
    step(console, a, "schedule", motionId=motion.id)
    for voter in a.voters[:2]:
        step(console, a, "roll-call", memberId=voter.id)
    back_to(beizhan)
    before = council_state()

    # when
    stated = step(console, a, "state", motionId=motion.id)
    counted = step(console, a, "close-debate", motionId=motion.id, yes="三", no=0, abstain=0)
    again = step(console, a, "roll-call", memberId=a.voters[0].id)
    back_to(beizhan)

    # then
    assert stated.status_code == counted.status_code == again.status_code == 200
    assert stated.context["error"] == "会议没有在进行中。"
    assert "输入整数。" in counted.context["error"]
    assert again.context["error"] == "已经签到。"
    assert '<div class="errors" role="alert" data-error>会议没有在进行中。</div>' in stated.content.decode()
    assert council_state() == before


def test_only_the_chair_the_secretary_or_a_worker_runs_the_session(world, beizhan):
    # given: 张阿姨 holds a seat but neither chairs nor takes the minutes
    a = assemble(world)
    voter = client_of(beizhan, a.voters[2])
    chair = client_of(beizhan, a.chair)
    back_to(beizhan)
    before = council_state()

    # when
    page = voter.get(f"/council/sessions/{a.session.id}/console/")
    post = step(voter, a, "roll-call", memberId=a.voters[2].id)
    chairs = chair.get(f"/council/sessions/{a.session.id}/console/")
    back_to(beizhan)

    # then
    assert page.status_code == post.status_code == 403
    assert council_state() == before
    assert chairs.status_code == 200


def test_the_console_costs_the_same_queries_for_five_or_nine_voting_members(world, beizhan):
    # given
    a = assemble(world)
    motion = seconded_motion(a)
    console = client_of(beizhan, a.secretary)
    step(console, a, "schedule", motionId=motion.id)
    for voter in a.voters[:3]:
        step(console, a, "roll-call", memberId=voter.id)
    step(console, a, "open")
    step(console, a, "state", motionId=motion.id)
    step(console, a, "add-speaker", motionId=motion.id, memberId=a.voters[1].id)
    path = f"/council/sessions/{a.session.id}/console/"
    five = queries_of(console, path)
    back_to(beizhan)
    from sharepool.tenants.council.services import do_give_seat
    from tests.tenants.cast import add_member

    for n in range(4):
        member = add_member(f"代表{n}")
        do_give_seat(actor=a.secretary, council_id=a.council.id, member_id=member.id)
        step(console, a, "roll-call", memberId=member.id)
        step(console, a, "add-speaker", motionId=motion.id, memberId=member.id)
        back_to(beizhan)

    # when
    nine = queries_of(console, path)

    # then
    assert five == nine
