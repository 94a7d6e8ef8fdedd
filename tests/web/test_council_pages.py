"""Residents' pages of the council and the neighbourhood (issue 13): what was decided for a building and
how far it is, the minutes, the organisations; another community's motion is not found."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from sharepool.tenants.council.services import (
    do_close_session,
    do_close_vote,
    do_open_vote,
    do_report_progress,
    do_start_execution,
)
from sharepool.tenants.neighbourhood.models import CommunityOrganisation
from tests.tenants.council.procedure import assemble, on_the_floor


def test_residents_see_decisions_execution_by_building_and_printable_minutes(world, beizhan, minle):
    # given: the anti-fall nets adopted and under way in two buildings
    a = assemble(world)
    motion = on_the_floor(a)
    do_open_vote(actor=a.chair, motion_id=motion.id, method="show_of_hands")
    do_close_vote(actor=a.chair, motion_id=motion.id, yes=4, no=1, abstain=0)
    do_close_session(actor=a.secretary, session_id=a.session.id)
    do_start_execution(
        actor=a.secretary, motion_id=motion.id, due_on=timezone.localdate() + timedelta(days=30)
    )
    do_report_progress(actor=a.secretary, motion_id=motion.id, building_id=a.buildings[0].id, progress=60)
    CommunityOrganisation.objects.create(
        name="龙悦志愿者协会", kind="service", registered_by=a.secretary, members_count=300
    )
    client = Client(HTTP_HOST=beizhan.domain)

    # when
    home = client.get("/council/")
    page = client.get(f"/council/motions/{motion.id}/")
    building = client.get(f"/buildings/{a.buildings[0].id}/")
    buildings = client.get("/buildings/")
    minutes = client.get(f"/council/sessions/{a.session.id}/minutes/")
    organisations = client.get("/organisations/")
    elsewhere = Client(HTTP_HOST=minle.domain).get(f"/council/motions/{motion.id}/")
    nonsense = client.get("/council/motions/abc/")

    # then
    assert home.status_code == 200
    home_text = home.content.decode()
    assert "《关于防止高空坠物加装防护网的议案》" in home_text and "赞成 4，反对 1，弃权 0" in home_text
    text = page.content.decode()
    assert "第1号" in text and "<td>已通过</td>" in text  # the vote adopted it; it is in execution now
    assert "执行中" in text and '<progress max="100" value="60">' in text
    assert "创业花园 1栋" in text and "创业花园 2栋" in text
    assert building.status_code == 200 and "60%" in building.content.decode()
    assert "《关于防止高空坠物加装防护网的议案》" in building.content.decode()
    assert "创业花园" in buildings.content.decode()
    assert "表决结果：赞成4，反对1，弃权0" in minutes.content.decode()
    assert "@media print" in minutes.content.decode()
    assert (
        "龙悦志愿者协会" in organisations.content.decode()
        and "服务型社会组织" in organisations.content.decode()
    )
    assert (elsewhere.status_code, nonsense.status_code) == (404, 404)
