"""A motion from the building head's phone to the follow-up, in a real Chromium at phone size (issue 13):
drafted with its research report and filed, adopted, carried out by a worker who reports progress, seen
by a resident on their building's page, followed up; another community sees none of it. Also the
neighbourhood's console steps around it: a worker records an in-service party member (counted on /stats/),
dissolves an organisation and confirms a building a member typed."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.council.models import Execution, Motion
from sharepool.tenants.council.services import (
    do_check_in_to_session,
    do_close_session,
    do_close_vote,
    do_open_session,
    do_open_vote,
    do_schedule_motion,
    do_second_motion,
    do_state_question,
)
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import (
    Building,
    BuildingHead,
    CommunityOrganisation,
    Estate,
    MemberStanding,
)
from tests.graphql.conftest import add_member
from tests.web.browser.test_council_console import council_of, sign_in


@pytest.fixture
def communities(committed_communities):
    return committed_communities("beizhan", name="北站社区"), committed_communities("minle", name="民乐社区")


def adopt(community, c, motion_id: int) -> None:
    """Seconded, scheduled, stated and adopted through the domain (the console's flow is tested on its
    own), committed for the server's threads."""
    with schema_context(community.schema_name), transaction.atomic():
        do_second_motion(actor=c.voters[2], motion_id=motion_id)
        do_schedule_motion(actor=c.worker, motion_id=motion_id, session_id=c.session_id)
        for voter in c.voters[:3]:
            do_check_in_to_session(actor=voter, session_id=c.session_id)
        do_open_session(actor=c.worker, session_id=c.session_id)
        do_state_question(actor=c.worker, motion_id=motion_id)
        do_open_vote(actor=c.worker, motion_id=motion_id, method="show_of_hands")
        do_close_vote(actor=c.worker, motion_id=motion_id, yes=3, no=0, abstain=0)
        do_close_session(actor=c.worker, session_id=c.session_id)


def press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_a_building_head_drafts_a_motion_a_worker_carries_it_out_and_a_resident_sees_it(
    site_server, communities, phone, second_phone
):
    # given: 钱 holds a seat and heads 1栋; 周 lives in 2栋
    beizhan, minle = communities
    c = council_of(beizhan)
    with schema_context(beizhan.schema_name), transaction.atomic():
        Member.objects.filter(id=c.voters[4].id).update(building_id=c.buildings[1])
        # (appointed by the admin's roles page, tested on its own: issue 14's test_roles_settings)
        BuildingHead.objects.create(member=c.voters[1], since="2019-01-01").buildings.set([c.buildings[0]])
    with transaction.atomic():
        add_member(minle.schema_name, "minle-resident", display_name="民乐居民")

    # when: 钱 drafts the motion on their phone with the research report, and files it
    sign_in(phone, site_server, beizhan, "louzhang1", "/council/")
    phone.get_by_role("link", name="起草议案").click()
    phone.locator("#id_title").fill("关于小区三线整治的提案")
    phone.locator("#id_text").fill("将创业花园的架空线缆入地。")
    phone.locator("#id_reason").fill("线缆杂乱，有火灾隐患。")
    phone.locator("#id_research").fill("楼长调研：两栋楼线缆老化。")
    for building in c.buildings:
        phone.locator(f"input[name=buildingIds][value='{building}']").check()
    press(phone, "保存议案")
    filed_state = phone.locator("[data-motion-state]").first.get_attribute("data-motion-state")
    motion_path = phone.url.split(site_server.url(beizhan, ""))[-1]
    with schema_context(beizhan.schema_name):
        motion = Motion.objects.get(title="关于小区三线整治的提案")
    adopt(beizhan, c, motion.id)

    # the worker starts execution, reports 2栋 at 60%
    sign_in(second_phone, site_server, beizhan, "shegong", f"/council/motions/{motion.id}/")
    second_phone.locator("#id_dueOn").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    press(second_phone, "开始执行")
    second_phone.locator("#id_buildingId").select_option(str(c.buildings[1]))
    second_phone.locator("#id_progress").fill("60")
    press(second_phone, "报告进度")

    # 周 sees it on their building's page
    phone.context.clear_cookies()
    sign_in(phone, site_server, beizhan, "louzhang4", f"/buildings/{c.buildings[1]}/")
    here = phone.locator("[data-here-status]")
    seen = (here.get_attribute("data-here-status"), here.get_attribute("data-here-progress"))
    fits = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # the worker finishes both buildings, closes and follows up
    for building in c.buildings:
        second_phone.locator("#id_buildingId").select_option(str(building))
        second_phone.locator("#id_progress").fill("100")
        press(second_phone, "报告进度")
    second_phone.locator("#id_closingReport").fill("两栋线缆均已入地。")
    press(second_phone, "办结")
    second_phone.locator("#id_note").fill("回访：居民满意。")
    press(second_phone, "记录回访")
    final_state = second_phone.locator("[data-motion-state]").first.get_attribute("data-motion-state")

    # then
    assert filed_state == "submitted" and motion_path == f"/council/motions/{motion.id}/"
    assert seen == ("in_progress", "60") and fits
    assert final_state == "followed_up"
    assert "回访：居民满意。" in second_phone.locator("#execution").inner_text()
    with schema_context(beizhan.schema_name):
        motion.refresh_from_db()
        assert motion.research == "楼长调研：两栋楼线缆老化。" and motion.mover_id == c.voters[1].id
        assert Execution.objects.get(motion=motion).follow_up_note == "回访：居民满意。"
        term = BuildingHead.objects.get(member_id=c.voters[1].id, until__isnull=True)
        assert list(term.buildings.values_list("id", flat=True)) == [c.buildings[0]]
    with schema_context(minle.schema_name):
        assert not Motion.objects.exists()
    phone.context.clear_cookies()
    sign_in(phone, site_server, minle, "minle-resident", "/council/")
    assert "三线" not in phone.locator("main").inner_text()
    assert phone.goto(site_server.url(minle, f"/council/motions/{motion.id}/")).status == 404


def test_a_worker_records_an_in_service_party_member_on_a_phone_and_members_see_the_figures(
    site_server, communities, phone
):
    # given: a worker and a resident of Beizhan
    beizhan, minle = communities
    with transaction.atomic():
        add_member(beizhan.schema_name, "shegong", role=Member.Role.WORKER, display_name="王社工")
        resident = add_member(beizhan.schema_name, "jumin", display_name="周")

    # when: the worker records 周 as an in-service party member reporting in
    sign_in(phone, site_server, beizhan, "shegong", f"/staff/members/{resident.id}/")
    phone.get_by_role("link", name="社区身份").click()
    phone.locator("#id_party").select_option("in_service")
    phone.locator("#id_reportedInOn").fill("2019-03-01")
    press(phone, "保存")
    recorded = phone.locator("main").inner_text()
    phone.goto(site_server.url(beizhan, "/stats/"))
    counted = phone.locator("[data-category=in_service_party_members]").inner_text()
    fits = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # then
    assert "会员身份已记录。" in recorded
    assert counted == "1" and fits
    with schema_context(minle.schema_name):
        assert not MemberStanding.objects.exists()


def test_a_worker_dissolves_an_organisation_on_a_phone(site_server, communities, phone):
    # given: a worker and 北站舞蹈队
    beizhan, minle = communities
    with transaction.atomic():
        worker = add_member(beizhan.schema_name, "shegong", role=Member.Role.WORKER, display_name="王社工")
    with schema_context(beizhan.schema_name), transaction.atomic():
        organisation = CommunityOrganisation.objects.create(
            name="北站舞蹈队", kind="culture_sports", registered_by=worker
        )

    # when
    sign_in(phone, site_server, beizhan, "shegong", f"/organisations/{organisation.id}/edit/")
    phone.locator("#id_on").fill("2020-06-30")
    press(phone, "注销")
    listed = phone.locator("main").inner_text()

    # then
    assert phone.url.endswith("/organisations/") and "北站舞蹈队" in listed and "已注销" in listed
    with schema_context(beizhan.schema_name):
        assert CommunityOrganisation.objects.get(id=organisation.id).status == "dissolved"
    with schema_context(minle.schema_name):
        assert not CommunityOrganisation.objects.exists()


def test_a_worker_confirms_a_building_typed_by_a_member_on_a_phone(site_server, communities, phone):
    # given: 创业花园; a resident wrote "创业花园一栋", a building to confirm
    beizhan, minle = communities
    with transaction.atomic():
        add_member(beizhan.schema_name, "shegong", role=Member.Role.WORKER, display_name="王社工")
        resident = add_member(beizhan.schema_name, "jumin", display_name="周")
    with schema_context(beizhan.schema_name), transaction.atomic():
        estate = Estate.objects.create(name="创业花园", kind="urban_village")
        typed = Building.objects.create(name="创业花园一栋", to_confirm=True)
        Member.objects.filter(id=resident.id).update(building=typed)

    # when
    sign_in(phone, site_server, beizhan, "shegong", "/buildings/")
    phone.get_by_role("link", name="确认", exact=True).click()
    phone.locator("#id_estateId").select_option(str(estate.id))
    phone.locator("#id_name").fill("1栋")
    press(phone, "保存")
    heading = phone.locator("h1").inner_text()

    # then
    assert "创业花园" in heading and "1栋" in heading
    with schema_context(beizhan.schema_name):
        building = Member.objects.get(id=resident.id).building
        assert (building.estate_id, building.name, building.to_confirm) == (estate.id, "1栋", False)
    with schema_context(minle.schema_name):
        assert not Building.objects.exists()


def test_the_secretary_refers_a_motion_from_the_console_and_the_mover_brings_it_back(
    site_server, communities, phone, second_phone
):
    # given: the seeded motion seconded, on the agenda, the question stated in an open session
    beizhan, minle = communities
    c = council_of(beizhan)
    with schema_context(beizhan.schema_name), transaction.atomic():
        do_second_motion(actor=c.voters[2], motion_id=c.motion_id)
        do_schedule_motion(actor=c.worker, motion_id=c.motion_id, session_id=c.session_id)
        for voter in c.voters[:3]:
            do_check_in_to_session(actor=voter, session_id=c.session_id)
        do_open_session(actor=c.worker, session_id=c.session_id)
        do_state_question(actor=c.worker, motion_id=c.motion_id)

    # when: the secretary refers it to the building heads association from the console
    sign_in(second_phone, site_server, beizhan, "shegong", f"/council/sessions/{c.session_id}/console/")
    referring = second_phone.locator("form[data-refer]")
    referring.locator("[name=to]").fill("楼长协会")
    referring.locator("[name=reportDue]").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    press(second_phone, "交付研究")
    # 钱, the mover, brings it back with the study's report and files it again
    sign_in(phone, site_server, beizhan, "louzhang1", f"/council/motions/{c.motion_id}/")
    referred_state = phone.locator("[data-motion-state]").first.get_attribute("data-motion-state")
    phone.locator("#id_report").fill("楼长协会报告：各楼均可加装。")
    press(phone, "附研究报告，退回为草稿")
    press(phone, "提交给秘书")
    final_state = phone.locator("[data-motion-state]").first.get_attribute("data-motion-state")

    # then: back seconded with its number, the report in its research
    assert referred_state == "referred"
    assert final_state == "seconded"
    assert "楼长协会报告：各楼均可加装。" in phone.locator("main").inner_text()
    with schema_context(minle.schema_name):
        assert not Motion.objects.exists()


def test_a_voting_member_proposes_an_amendment_on_a_phone_and_another_seconds_it(
    site_server, communities, phone, second_phone
):
    # given: the question stated in an open session
    beizhan, minle = communities
    c = council_of(beizhan)
    with schema_context(beizhan.schema_name), transaction.atomic():
        do_second_motion(actor=c.voters[2], motion_id=c.motion_id)
        do_schedule_motion(actor=c.worker, motion_id=c.motion_id, session_id=c.session_id)
        for voter in c.voters[:3]:
            do_check_in_to_session(actor=voter, session_id=c.session_id)
        do_open_session(actor=c.worker, session_id=c.session_id)
        do_state_question(actor=c.worker, motion_id=c.motion_id)

    # when: 李 proposes an amendment; 周 seconds it from its page, which puts it before the assembly
    sign_in(phone, site_server, beizhan, "louzhang3", f"/council/motions/{c.motion_id}/")
    phone.get_by_text("提出修正案", exact=True).click()
    phone.locator("#id_amendment_text").fill("先在1栋试点加装防坠网。")
    press(phone, "提交修正案")
    phone.locator("[data-motion-state]").first.wait_for()
    with schema_context(beizhan.schema_name):
        amendment = Motion.objects.get(parent_id=c.motion_id)
    sign_in(second_phone, site_server, beizhan, "louzhang4", f"/council/motions/{amendment.id}/")
    press(second_phone, "附议")
    state = second_phone.locator("[data-motion-state]").first.get_attribute("data-motion-state")

    # then
    assert amendment.text == "先在1栋试点加装防坠网。" and amendment.mover_id == c.voters[3].id
    assert state == "pending"  # an amendment seconded is before the assembly at once
    assert "先在1栋试点加装防坠网。" in phone.locator("main").inner_text()
    with schema_context(minle.schema_name):
        assert not Motion.objects.exists()
