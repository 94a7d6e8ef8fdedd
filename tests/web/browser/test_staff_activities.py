"""The 4:30 classroom run from the workers' console in a real Chromium at phone size (issue 14): a series
made for the term, the check-in QR printed, attendance ticked, hours awarded with minutes per child."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.models import Activity
from sharepool.tenants.activities.services import do_create_activity, do_sign_up
from sharepool.tenants.members.models import CommunitySettings, Member
from sharepool.tenants.timebank.models import Category
from tests.graphql.conftest import add_member
from tests.tenants.cast import balance
from tests.web.browser.test_readable_pages import TAP_TARGETS, failing_contrast
from tests.web.browser.test_staff_flows import sign_in


@pytest.fixture
def beizhan_live(committed_communities):
    return committed_communities("beizhan", name="北站社区")


def test_a_worker_runs_the_half_past_four_classroom_on_a_phone(site_server, beizhan_live, phone):
    # given: a worker, and today's classroom under way with three children signed up
    schema = beizhan_live.schema_name
    with transaction.atomic():
        worker = add_member(schema, "wangsg", role=Member.Role.WORKER, display_name="王社工")
        children = [
            add_member(schema, f"child{n}", display_name=name)
            for n, name in enumerate(["小明", "小红", "小刚"])
        ]
        with schema_context(schema):
            tutoring = Category.objects.get(code="childcare-tutoring")
            start = timezone.now() - timedelta(minutes=20)
            today = do_create_activity(
                actor_id=worker.id,
                title="四点半课堂",
                category_id=tutoring.id,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                place="社区党群服务中心",
                capacity=10,
                minutes_credited=90,
            )
            for child in children:
                do_sign_up(actor_id=child.id, activity_id=today.id, now=start - timedelta(days=1))
    xiaoming, xiaohong, xiaogang = children
    sign_in(phone, site_server, beizhan_live, "wangsg")

    # when: the worker makes the classroom for every school day of the next four weeks
    phone.goto(site_server.url(beizhan_live, "/staff/"))
    phone.locator("nav.staff").get_by_role("link", name="活动").click()
    phone.get_by_role("link", name="新建系列活动").click()
    phone.fill("#id_title", "四点半课堂")
    phone.select_option("#id_categoryId", str(tutoring.id))
    phone.fill("#id_place", "社区党群服务中心")
    for day in ("周一", "周二", "周三", "周四", "周五"):
        phone.get_by_label(day).check()
    phone.fill("#id_startsAtTime", "16:30")
    phone.fill("#id_durationMinutes", "90")
    phone.fill("#id_firstDay", (timezone.localdate() + timedelta(days=7)).isoformat())
    phone.fill("#id_weeks", "4")
    phone.fill("#id_capacity", "20")
    phone.fill("#id_minutesCredited", "90")
    phone.get_by_role("button", name="创建活动").click()
    assert "已创建 20 个活动。" in phone.locator(".messages").inner_text()

    # and opens today's classroom, prints its check-in QR code
    phone.locator(f"[data-activity='{today.id}'] a").click()
    phone.get_by_role("link", name="打印签到二维码").click()
    assert phone.locator(".qr-sheet svg").count() == 1
    check_in_url = phone.locator("[data-check-in-url]").get_attribute("href")
    assert check_in_url.endswith(f"/activities/{today.id}/check-in/?code={today.check_in_code}")
    phone.get_by_role("link", name="返回活动").click()

    # ticks who came, then awards 小明 his 90 minutes and 小红, who left early, 45
    attendance = phone.locator("[data-form=attendance]")
    attendance.locator(f"input[value='{xiaoming.id}']").check()
    attendance.locator(f"input[value='{xiaohong.id}']").check()
    attendance.get_by_role("button", name="保存签到").click()
    assert "签到已保存。" in phone.locator(".messages").inner_text()
    award = phone.locator("[data-form=award]")
    assert award.locator(f"input[name=award][value='{xiaogang.id}']").is_checked() is False
    award.locator(f"input[name='minutes-{xiaohong.id}']").fill("45")
    award.get_by_role("button", name="发放").click()

    # then: the page shows each one's minutes, and their balances moved by that much
    assert "时长已发放。" in phone.locator(".messages").inner_text()
    assert phone.locator(f"[data-awarded='{xiaoming.id}']").inner_text() == "已发放 90 分钟"
    assert phone.locator(f"[data-awarded='{xiaohong.id}']").inner_text() == "已发放 45 分钟"
    assert phone.locator(f"[data-awarded='{xiaogang.id}']").count() == 0
    with schema_context(schema):
        assert [balance(child) for child in children] == [90, 45, 0]
        assert Activity.objects.filter(series__isnull=False).count() == 20
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_admin_appoints_a_coordinator_and_sets_the_rules_on_a_phone(site_server, beizhan_live, phone):
    # given: the onboarding admin, and 李老师 who will run the classroom
    schema = beizhan_live.schema_name
    with transaction.atomic():
        add_member(schema, "zhuren", role=Member.Role.ADMIN, display_name="张主任")
        teacher = add_member(schema, "lilaoshi", display_name="李老师")
        with schema_context(schema):
            number = Member.objects.get(id=teacher.id).member_number
    sign_in(phone, site_server, beizhan_live, "zhuren")

    # when: the admin appoints her coordinator, then sets check-in 30 minutes early and auto-confirmation at 3 days
    phone.goto(site_server.url(beizhan_live, "/staff/"))
    phone.locator("nav.staff").get_by_role("link", name="角色").click()
    phone.fill("#id_memberNumber", str(number))
    phone.select_option("#id_role", "coordinator")
    phone.locator("main form").last.get_by_role("button", name="任命").click()
    assert "已任命 李老师。" in phone.locator(".messages").inner_text()
    assert phone.locator(f"[data-role-holder='coordinator-{teacher.id}']").count() == 1
    phone.locator("nav.staff").get_by_role("link", name="设置").click()
    phone.locator("form[action='/staff/settings/check-in/'] input[name=minutes]").fill("30")
    phone.locator("form[action='/staff/settings/check-in/']").get_by_role("button", name="设定").click()
    phone.locator("form[action='/staff/settings/auto-confirm/'] input[name=days]").fill("3")
    phone.locator("form[action='/staff/settings/auto-confirm/']").get_by_role("button", name="设定").click()

    # then
    assert "自动确认天数已设定。" in phone.locator(".messages").inner_text()
    assert phone.locator("[data-figure=check-in-opens]").inner_text() == "活动开始前 30 分钟"
    assert phone.locator("[data-figure=auto-confirm-days]").inner_text() == "3 天后"
    with schema_context(schema):
        settings = CommunitySettings.load()
        assert (settings.check_in_opens_minutes, settings.auto_confirm_days) == (30, 3)
        assert Member.objects.get(id=teacher.id).role == Member.Role.COORDINATOR
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_new_console_pages_are_readable_and_tappable_on_a_phone(site_server, beizhan_live, phone):
    """WCAG AA contrast and 44px targets (as tests/web/browser/test_readable_pages.py measures them) on
    the activity, series, QR, roles and settings pages, a refused award among them."""
    schema = beizhan_live.schema_name
    with transaction.atomic():
        add_member(schema, "zhuren", role=Member.Role.ADMIN, display_name="张主任")
        child = add_member(schema, "xiaoming", display_name="小明")
        with schema_context(schema):
            start = timezone.now() - timedelta(minutes=20)
            today = do_create_activity(
                actor_id=Member.objects.get(role=Member.Role.ADMIN, display_name="张主任").id,
                title="四点半课堂",
                category_id=Category.objects.get(code="childcare-tutoring").id,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                place="社区党群服务中心",
                capacity=10,
                minutes_credited=90,
            )
            do_sign_up(actor_id=child.id, activity_id=today.id, now=start - timedelta(days=1))
    sign_in(phone, site_server, beizhan_live, "zhuren")

    def pages():
        for path in (
            "/staff/activities/",
            "/staff/activities/series/new/",
            f"/staff/activities/{today.id}/",
            f"/staff/activities/{today.id}/qr/",
            "/staff/roles/",
            "/staff/settings/",
        ):
            phone.goto(site_server.url(beizhan_live, path))
            yield path
        phone.goto(site_server.url(beizhan_live, f"/staff/activities/{today.id}/"))
        award = phone.locator("[data-form=award]")
        award.locator(f"input[name=award][value='{child.id}']").check()  # 小明 never checked in
        award.get_by_role("button", name="发放").click()
        assert "只给已签到的会员发放时长。" in phone.locator("[data-error]").inner_text()
        yield "award refused"

    contrast, small = {}, {}
    for where in pages():
        contrast[where] = failing_contrast(phone)
        small[where] = [t["html"] for t in phone.evaluate(TAP_TARGETS) if t["height"] < 44]
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, where

    assert {where: failing for where, failing in contrast.items() if failing} == {}
    assert {where: found for where, found in small.items() if found} == {}
