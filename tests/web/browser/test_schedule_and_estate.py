"""A worker schedules the council's next session and adds an estate from a phone, in a real Chromium
(issue 13); the other community gets neither."""

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.council.models import Session
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import Estate
from tests.web.browser.test_council_console import council_of, sign_in


@pytest.fixture
def communities(committed_communities):
    return committed_communities("beizhan", name="北站社区"), committed_communities("minle", name="民乐社区")


def test_a_worker_schedules_a_session_and_adds_an_estate(site_server, communities, phone):
    beizhan, minle = communities
    c = council_of(beizhan)
    with schema_context(beizhan.schema_name), transaction.atomic():
        Member.objects.filter(id=c.voters[0].id).update(member_number=501)
        Member.objects.filter(id=c.worker.id).update(member_number=502)
    when = (timezone.localtime() + timezone.timedelta(days=7)).replace(hour=19, minute=30)

    # when: the worker schedules the next session from the council's page
    sign_in(phone, site_server, beizhan, "shegong", "/council/")
    phone.get_by_role("link", name="安排会议").click()
    phone.fill("#id_title", "第二次居民议事会")
    phone.fill("#id_scheduledAt", when.strftime("%Y-%m-%dT%H:%M"))
    phone.fill("#id_place", "党群服务中心")
    phone.fill("#id_chairNumber", "501")
    phone.fill("#id_secretaryNumber", "502")
    phone.get_by_role("button", name="安排", exact=True).click()
    phone.wait_for_load_state()

    # then: the session's page, and the session as scheduled
    assert "第二次居民议事会" in phone.locator("main").inner_text()
    with schema_context(beizhan.schema_name), transaction.atomic():
        session = Session.objects.get(title="第二次居民议事会")
        assert (session.chair_id, timezone.localtime(session.scheduled_at).strftime("%H:%M")) == (
            c.voters[0].id,
            "19:30",
        )

    # when: an estate added from the buildings page
    phone.goto(site_server.url(beizhan, "/buildings/"))
    phone.get_by_role("link", name="添加小区").click()
    phone.fill("#id_name", "北站新村")
    phone.select_option("#id_kind", "urban_village")
    phone.get_by_role("button", name="保存").click()
    phone.wait_for_load_state()

    # then: on to adding its buildings, the estate there, nothing in Minle
    assert phone.url.endswith("/buildings/new/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    with schema_context(beizhan.schema_name), transaction.atomic():
        assert Estate.objects.filter(name="北站新村", kind="urban_village").exists()
    with schema_context(minle.schema_name), transaction.atomic():
        assert not Estate.objects.filter(name="北站新村").exists()
        assert not Session.objects.filter(title="第二次居民议事会").exists()
