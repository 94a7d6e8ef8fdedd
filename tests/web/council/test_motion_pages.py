"""Drafting and filing a motion, referring and postponing it, and carrying it out (issue 13): pages that
call the domain function their mutation calls, refusals shown in Chinese with nothing written."""

from datetime import timedelta

from django.utils import timezone

from sharepool.tenants.council.models import Execution, ExecutionBuilding, Motion
from sharepool.tenants.council.services import (
    do_close_session,
    do_close_vote,
    do_create_session,
    do_open_vote,
)
from sharepool.tenants.neighbourhood.models import BuildingHead
from tests.tenants.council.procedure import assemble, council_state, on_the_floor
from tests.web.pages import back_to, client_of


def motion_state(motion_id) -> tuple:
    motion = Motion.objects.get(id=motion_id)
    return motion.state, motion.research, motion.referred_to


def test_a_voting_member_drafts_adds_research_and_submits(world, beizhan, minle):
    # given: a council with research required; 李师傅 holds a seat
    a = assemble(world, research_required=True)
    mover = client_of(beizhan, a.voters[1])
    back_to(beizhan)

    # when: drafted without research and kept as a draft, then the research added, then filed
    drafted = mover.post(
        "/council/motions/new/",
        {
            "councilId": a.council.id,
            "title": "关于小区三线整治的提案",
            "text": "将架空线缆入地。",
            "reason": "线缆杂乱，有火灾隐患。",
            "buildingIds": [a.buildings[0].id],
            "draftOnly": "on",
        },
    )
    back_to(beizhan)
    motion = Motion.objects.get(title="关于小区三线整治的提案")
    page = mover.get(f"/council/motions/{motion.id}/").content.decode()
    mover.post(f"/council/motions/{motion.id}/research/", {"research": "楼长调研：12栋线缆老化。"})
    submitted = mover.post(f"/council/motions/{motion.id}/submit/")
    back_to(beizhan)

    # then
    assert drafted.status_code == 302 and drafted["Location"] == f"/council/motions/{motion.id}/"
    assert "提交给秘书" in page and "data-draft" in page
    assert submitted.status_code == 302
    motion.refresh_from_db()
    assert motion.state == "submitted" and "12栋线缆老化" in motion.research
    assert list(motion.buildings.values_list("id", flat=True)) == [a.buildings[0].id]
    assert world.minle_untouched()


def test_a_refused_draft_or_submission_is_shown_in_chinese_and_writes_nothing(world, beizhan):
    # given: research required; an outsider without a seat; a draft without research
    a = assemble(world, research_required=True)
    mover = client_of(beizhan, a.voters[1])
    outsider = client_of(beizhan, a.outsider)
    back_to(beizhan)
    mover.post(
        "/council/motions/new/",
        {"councilId": a.council.id, "title": "草稿", "text": "内容", "draftOnly": "on"},
    )
    back_to(beizhan)
    draft = Motion.objects.get(title="草稿")
    before, draft_before = council_state(), motion_state(draft.id)

    # when
    no_seat = outsider.post(
        "/council/motions/new/", {"councilId": a.council.id, "title": "旁听", "text": "x"}
    )
    no_title = mover.post("/council/motions/new/", {"councilId": a.council.id, "title": " ", "text": "x"})
    no_research = mover.post(f"/council/motions/{draft.id}/submit/")
    not_mover = outsider.post(f"/council/motions/{draft.id}/submit/")
    back_to(beizhan)

    # then
    assert no_seat.status_code == no_title.status_code == no_research.status_code == 200
    assert no_seat.context["error"] == "只有议事会有表决权的成员才能这样做。"
    assert no_title.context["form"].errors["title"]
    assert no_research.context["error"] == "本议事会要求先提交调研报告。"
    assert not_mover.context["error"] == "只有动议人才能提交议案。"
    assert council_state() == before and motion_state(draft.id) == draft_before


def test_the_secretary_refers_or_postpones_from_the_console(world, beizhan):
    # given: a motion pending in an open session; a later session scheduled
    a = assemble(world)
    motion = on_the_floor(a)
    later = do_create_session(
        actor=a.secretary,
        council_id=a.council.id,
        title="2019年第二次居民议事会",
        scheduled_at=timezone.now() + timedelta(days=30),
        chair_id=a.chair.id,
        secretary_id=a.secretary.id,
    )
    console = client_of(beizhan, a.secretary)
    voter = client_of(beizhan, a.voters[3])
    path = f"/council/sessions/{a.session.id}/console/"
    back_to(beizhan)
    page = console.get(path).content.decode()
    before = council_state()

    # when: refused (a past due date; someone not running the session), then postponed
    past = console.post(path + "refer/", {"motionId": motion.id, "to": "楼长协会", "reportDue": "2019-01-01"})
    not_running = voter.post(path + "postpone/", {"motionId": motion.id, "toSessionId": later.id})
    back_to(beizhan)
    unchanged = council_state()
    postponed = console.post(path + "postpone/", {"motionId": motion.id, "toSessionId": later.id})
    back_to(beizhan)

    # then
    assert "交付研究" in page and later.title in page
    assert past.context["error"] == "报告期限须在将来。"
    assert not_running.status_code == 403
    assert unchanged == before
    assert postponed.status_code == 302
    motion.refresh_from_db()
    assert motion.state == "postponed" and motion.session_id == later.id


def test_the_secretary_refers_a_motion_to_the_building_heads(world, beizhan):
    a = assemble(world)
    motion = on_the_floor(a)
    console = client_of(beizhan, a.secretary)
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    referred = console.post(
        f"/council/sessions/{a.session.id}/console/refer/",
        {"motionId": motion.id, "to": "楼长协会", "reportDue": due},
    )
    back_to(beizhan)
    motion.refresh_from_db()
    assert referred.status_code == 302
    assert (motion.state, motion.referred_to, motion.referred_until.isoformat()) == (
        "referred",
        "楼长协会",
        due,
    )


def adopted(a) -> Motion:
    motion = on_the_floor(a)
    do_open_vote(actor=a.secretary, motion_id=motion.id, method="show_of_hands")
    do_close_vote(actor=a.secretary, motion_id=motion.id, yes=4, no=1, abstain=0)
    do_close_session(actor=a.secretary, session_id=a.session.id)
    return motion


def test_a_worker_carries_out_an_adopted_motion_and_a_head_reports_their_building(world, beizhan, minle):
    # given: an adopted motion for two buildings; 王楼长 heads the first
    council = assemble(world)
    a = adopted(council)
    head = council.voters[4]
    BuildingHead.objects.create(member=head, since="2019-01-01").buildings.set([council.buildings[0]])
    worker = client_of(beizhan, council.secretary)
    head_client = client_of(beizhan, head)
    path = f"/council/motions/{a.id}/"
    due = (timezone.localdate() + timedelta(days=60)).isoformat()
    b1, b2 = council.buildings

    # when
    started = worker.post(path + "start-execution/", {"dueOn": due})
    head_page = head_client.get(path)
    reported = head_client.post(
        path + "report-progress/", {"buildingId": b1.id, "progress": 100, "note": "已装好"}
    )
    worker.post(path + "report-progress/", {"buildingId": b2.id, "progress": 100})
    completed = worker.post(path + "complete/", {"closingReport": "两栋均已加装防护网。"})
    followed = worker.post(path + "follow-up/", {"note": "居民满意，未再发生坠物。"})
    resident_page = client_of(beizhan, world.cast.carol).get(f"/buildings/{b1.id}/").content.decode()
    back_to(beizhan)

    # then
    assert started.status_code == reported.status_code == completed.status_code == followed.status_code == 302
    assert [c for c, _ in head_page.context["progress_form"].fields["buildingId"].widget.choices] == [b1.id]
    execution = Execution.objects.get(motion=a)
    assert execution.closing_report == "两栋均已加装防护网。"
    assert execution.follow_up_note == "居民满意，未再发生坠物。"
    assert Motion.objects.get(id=a.id).state == "followed_up"
    assert set(ExecutionBuilding.objects.values_list("progress", flat=True)) == {100}
    assert a.title in resident_page
    assert world.minle_untouched()


def test_refused_execution_steps_are_shown_in_chinese_and_write_nothing(world, beizhan):
    # given: an adopted motion under way at 40% in the first building
    a = assemble(world)
    motion = adopted(a)
    worker = client_of(beizhan, a.secretary)
    voter = client_of(beizhan, a.voters[1])
    path = f"/council/motions/{motion.id}/"
    worker.post(path + "start-execution/", {"dueOn": (timezone.localdate() + timedelta(days=60)).isoformat()})
    worker.post(path + "report-progress/", {"buildingId": a.buildings[0].id, "progress": 40})
    back_to(beizhan)
    before = council_state()

    # when
    backwards = worker.post(path + "report-progress/", {"buildingId": a.buildings[0].id, "progress": 10})
    not_head = voter.post(path + "report-progress/", {"buildingId": a.buildings[0].id, "progress": 50})
    unfinished = worker.post(path + "complete/", {"closingReport": "完成"})
    resident_starts = voter.post(path + "follow-up/", {"note": "x"})
    back_to(beizhan)

    # then
    assert backwards.context["progress_form"].errors["progress"] == ["进度为百分比，且不能倒退。"]
    assert not_head.context["error"] == "只有社区工作者或该楼楼长可以报告进度。"
    assert unfinished.context["error"] == "还有楼栋没有完成。"
    assert resident_starts.status_code == 403
    assert council_state() == before


def test_a_referred_motion_comes_back_as_a_draft_with_the_study_report(world, beizhan):
    # given: a motion referred to the building heads
    a = assemble(world)
    motion = on_the_floor(a)
    console = client_of(beizhan, a.secretary)
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    console.post(
        f"/council/sessions/{a.session.id}/console/refer/",
        {"motionId": motion.id, "to": "楼长协会", "reportDue": due},
    )
    mover = client_of(beizhan, a.voters[1])
    outsider = client_of(beizhan, a.outsider)
    path = f"/council/motions/{motion.id}/"
    back_to(beizhan)
    before = council_state(), motion_state(motion.id)

    # when
    page = mover.get(path).content.decode()
    refused = outsider.post(path + "return/", {"report": "我的意见"})
    empty = mover.post(path + "return/", {"report": " "})
    back_to(beizhan)
    unchanged = (council_state(), motion_state(motion.id)) == before
    returned = mover.post(path + "return/", {"report": "楼长协会的报告：可行。"})
    back_to(beizhan)

    # then
    assert "研究后退回" in page and "data-return" in page
    assert refused.context["error"] == "只有社区工作者才能这样做。"
    assert empty.context["study_form"].errors["report"]
    assert unchanged
    assert returned.status_code == 302
    state, research, _referred = motion_state(motion.id)
    assert state == "draft" and "楼长协会的报告：可行。" in research


def test_execution_started_with_milestones_and_one_reached(world, beizhan):
    # given: an adopted motion
    a = assemble(world)
    motion = adopted(a)
    worker = client_of(beizhan, a.secretary)
    path = f"/council/motions/{motion.id}/"
    due = timezone.localdate() + timedelta(days=60)
    back_to(beizhan)
    before = council_state()

    # when: a milestone without its date is refused; then two milestones; the first reached
    undated = worker.post(
        path + "start-execution/", {"dueOn": due.isoformat(), "milestone1Title": "采购防护网"}
    )
    back_to(beizhan)
    unchanged = council_state() == before
    started = worker.post(
        path + "start-execution/",
        {
            "dueOn": due.isoformat(),
            "milestone1Title": "采购防护网",
            "milestone1DueOn": (due - timedelta(days=30)).isoformat(),
            "milestone2Title": "全部安装",
            "milestone2DueOn": due.isoformat(),
        },
    )
    back_to(beizhan)
    first = Execution.objects.get(motion=motion).milestones.get(title="采购防护网")
    reached = worker.post(path + "milestone/", {"milestoneId": first.id, "note": "已到货"})
    page = worker.get(path).content.decode()
    back_to(beizhan)

    # then
    assert undated.context["start_form"].errors["milestone1DueOn"] == ["请填写节点的期限。"]
    assert unchanged
    assert started.status_code == reached.status_code == 302
    milestones = Execution.objects.get(motion=motion).milestones.order_by("id")
    assert [(m.title, m.reached_at is not None) for m in milestones] == [
        ("采购防护网", True),
        ("全部安装", False),
    ]
    assert "全部安装" in page and page.count('id="id_note"') <= 1


def test_a_voting_member_proposes_an_amendment_from_the_motion_page(world, beizhan):
    # given: the question stated; 张 holds a seat, an outsider does not
    a = assemble(world)
    motion = on_the_floor(a)
    voter = client_of(beizhan, a.voters[3])
    outsider = client_of(beizhan, a.outsider)
    path = f"/council/motions/{motion.id}/"
    back_to(beizhan)
    before = council_state()

    # when
    page = voter.get(path).content.decode()
    refused = outsider.post(path + "amend/", {"text": "只在1栋加装"})
    empty = voter.post(path + "amend/", {"text": " "})
    back_to(beizhan)
    unchanged = council_state() == before
    proposed = voter.post(path + "amend/", {"text": "先在1栋试点加装防坠网。"})
    back_to(beizhan)

    # then
    assert "提出修正案" in page
    assert refused.context["error"] == "只有议事会有表决权的成员才能这样做。"
    assert empty.context["amendment_form"].errors["text"]
    assert unchanged
    assert proposed.status_code == 302
    amendment = Motion.objects.get(parent=motion)
    assert (amendment.state, amendment.text, amendment.mover_id) == (
        "submitted",
        "先在1栋试点加装防坠网。",
        a.voters[3].id,
    )
