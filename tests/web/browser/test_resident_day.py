"""A resident's whole day in a real Chromium at phone size, and the time-bank pages' refusals (issue 12)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.models import Activity, SignUp
from sharepool.tenants.activities.services import do_create_activity
from sharepool.tenants.admission.services import do_approve_member
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.members.models import Member
from sharepool.tenants.timebank.models import Category, Exchange, Offer
from sharepool.tenants.timebank.services import (
    do_accept_exchange,
    do_complete_exchange,
    do_post_offer,
    do_propose_exchange,
)
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import add_member


@pytest.fixture
def beizhan_live(committed_communities):
    return committed_communities("beizhan", name="北站社区")


@pytest.fixture
def minle_live(committed_communities):
    return committed_communities("minle", name="民乐社区")


def resident(community, username: str, display_name: str) -> Member:
    with transaction.atomic():  # committed: the server's threads read it
        return add_member(community.schema_name, username, display_name=display_name)


def sign_in(page, server, community, username: str) -> None:
    page.goto(server.url(community, "/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(server.url(community, "/"))


def classroom(community) -> tuple[int, Member]:
    """李老师's 4:30 classroom starting in half an hour: sign-up still open, check-in already open."""
    with schema_context(community.schema_name), transaction.atomic():
        coordinator = add_member(community.schema_name, "lilaoshi", role=Member.Role.COORDINATOR)
        starts = timezone.now() + timedelta(minutes=30)
        return do_create_activity(
            actor_id=coordinator.id,
            title="四点半课堂",
            category_id=Category.objects.get(code="childcare-tutoring").id,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="社区活动室",
            capacity=20,
            minutes_credited=120,
        ).id, coordinator


def test_a_residents_whole_day(site_server, beizhan_live, phone, second_phone):
    server, beizhan = site_server, beizhan_live
    neighbour = resident(beizhan, "zhaofang", "赵芳")
    activity_id, _coordinator = classroom(beizhan)

    # morning: 刘师傅 applies on his phone
    phone.goto(server.url(beizhan, "/join/"))
    phone.fill("#id_displayName", "刘师傅")
    phone.fill("#id_phone", "13912345678")
    phone.fill("#id_username", "liushifu")
    phone.fill("#id_password", TEST_PASSWORD)
    phone.fill("#id_building", "3栋")
    phone.get_by_role("button", name="提交申请").click()
    phone.wait_for_url("**/join/")
    assert phone.locator("[data-application-state]").get_attribute("data-application-state") == "pending"

    # a community worker approves him (there is no approval page yet: the domain function the API calls)
    with schema_context(beizhan.schema_name), transaction.atomic():
        worker = Member.objects.get(role=Member.Role.ADMIN)
        applicant = Member.objects.get(user__username="liushifu")
        do_approve_member(actor=worker, member_id=applicant.id)
    phone.reload()
    assert phone.locator("[data-application-state]").get_attribute("data-application-state") == "active"

    # he posts an offer
    phone.goto(server.url(beizhan, "/offers/new/"))
    phone.select_option("#id_categoryId", label="水电维修")
    phone.fill("#id_title", "疏通下水道")
    phone.get_by_role("button", name="发布").click()
    phone.wait_for_url("**/offers/*/")
    assert phone.locator("h1").inner_text() == "疏通下水道"

    # 赵芳, on her own phone, finds it and asks for it
    sign_in(second_phone, server, beizhan, "zhaofang")
    second_phone.goto(server.url(beizhan, "/offers/"))
    second_phone.get_by_role("link", name="疏通下水道").click()
    assert "139****5678" in second_phone.locator(".profile").inner_text()
    second_phone.fill("#id_note", "厨房下水道堵了")
    second_phone.get_by_role("button", name="请他帮忙").click()
    second_phone.wait_for_url("**/exchanges/*/")
    assert "等待刘师傅" in second_phone.locator("[data-state]").first.inner_text()
    exchange_path = second_phone.url.removeprefix(server.url(beizhan, ""))

    # he accepts and records 90 minutes
    phone.goto(server.url(beizhan, "/exchanges/"))
    assert "轮到你了" in phone.locator("main").inner_text()
    phone.goto(server.url(beizhan, "/" + exchange_path.lstrip("/")))
    phone.get_by_role("button", name="接受").click()
    phone.fill("#id_minutes", "90")
    phone.get_by_role("button", name="记录服务时长").click()
    assert phone.locator("p[data-state]").get_attribute("data-state") == "completed"

    # she confirms: the hours move
    second_phone.reload()
    second_phone.get_by_role("button", name="确认：支付时长").click()
    assert second_phone.locator("p[data-state]").get_attribute("data-state") == "confirmed"
    phone.goto(server.url(beizhan, "/me/"))
    assert phone.locator("[data-figure=balance]").inner_text().startswith("1.5")

    # afternoon: the 4:30 classroom, signed up and checked in with the code shown on the day
    phone.goto(server.url(beizhan, f"/activities/{activity_id}/"))
    phone.get_by_role("button", name="报名").click()
    assert phone.locator("[data-sign-up]").get_attribute("data-sign-up") == "confirmed"
    with schema_context(beizhan.schema_name):
        code = Activity.objects.get(id=activity_id).check_in_code
    phone.fill("#id_code", code)
    phone.get_by_role("button", name="签到").click()
    assert "你已签到。" in phone.locator("[data-sign-up]").inner_text()

    # evening: he reads the notification that his hours were paid
    phone.goto(server.url(beizhan, "/notifications/"))
    unread = phone.locator("li.unread")
    assert unread.count() >= 1
    unread.first.get_by_role("button", name="标为已读").click()
    with schema_context(beizhan.schema_name):
        assert Exchange.objects.get().state == "confirmed"
        assert SignUp.objects.get(member__user__username="liushifu").checked_in_at is not None
    assert neighbour.id != applicant.id


def test_bad_minutes_are_refused_in_chinese_and_nothing_is_written(site_server, beizhan_live, phone):
    # given an accepted exchange waiting for 刘师傅's minutes
    server, beizhan = site_server, beizhan_live
    plumber, neighbour = resident(beizhan, "liushifu", "刘师傅"), resident(beizhan, "zhaofang", "赵芳")
    with schema_context(beizhan.schema_name), transaction.atomic():
        plumbing = Category.objects.get(code="plumbing-electrics").id
        offer = do_post_offer(actor_id=plumber.id, category_id=plumbing, title="疏通下水道")
        exchange = do_propose_exchange(actor_id=neighbour.id, offer_id=offer.id)
        do_accept_exchange(actor_id=plumber.id, exchange_id=exchange.id)
    sign_in(phone, server, beizhan, "liushifu")

    # when he types nothing sensible
    phone.goto(server.url(beizhan, f"/exchanges/{exchange.id}/"))
    phone.fill("#id_minutes", "0")
    phone.get_by_role("button", name="记录服务时长").click()

    # then he reads why, in Chinese, and nothing changed
    assert "请记录 1 至 720 分钟。" in phone.locator(".action-complete").inner_text()
    with schema_context(beizhan.schema_name):
        exchange.refresh_from_db()
        assert (exchange.state, exchange.minutes) == ("accepted", None)

    # and an empty title for a new offer
    phone.goto(server.url(beizhan, "/offers/new/"))
    phone.fill("#id_title", "   ")
    phone.get_by_role("button", name="发布").click()
    assert "请填写标题。" in phone.locator("main").inner_text()
    with schema_context(beizhan.schema_name):
        assert Offer.objects.count() == 1


def test_a_double_submitted_confirmation_posts_once(site_server, beizhan_live, phone):
    # given a completed exchange waiting for 赵芳's confirmation
    server, beizhan = site_server, beizhan_live
    plumber, neighbour = resident(beizhan, "liushifu", "刘师傅"), resident(beizhan, "zhaofang", "赵芳")
    with schema_context(beizhan.schema_name), transaction.atomic():
        plumbing = Category.objects.get(code="plumbing-electrics").id
        offer = do_post_offer(actor_id=plumber.id, category_id=plumbing, title="疏通下水道")
        exchange = do_propose_exchange(actor_id=neighbour.id, offer_id=offer.id)
        do_accept_exchange(actor_id=plumber.id, exchange_id=exchange.id)
        do_complete_exchange(actor_id=plumber.id, exchange_id=exchange.id, minutes=90)
    sign_in(phone, server, beizhan, "zhaofang")
    phone.goto(server.url(beizhan, f"/exchanges/{exchange.id}/"))

    # when the form is sent twice (a double tap), then the page is resubmitted from history
    form = phone.locator("form.action-confirm")
    form.evaluate("form => { form.requestSubmit(); form.requestSubmit(); }")
    phone.wait_for_load_state()
    phone.go_back()
    phone.locator("form.action-confirm").evaluate("form => form.submit()")
    phone.wait_for_load_state()

    # then the hours moved once
    with schema_context(beizhan.schema_name):
        assert Transfer.objects.filter(kind=Transfer.Kind.EXCHANGE).count() == 1
        assert Exchange.objects.get(id=exchange.id).state == "confirmed"


def test_the_check_in_qr_code_opens_check_in_with_the_code_filled_in(
    site_server, beizhan_live, phone, second_phone
):
    # given the organiser's page on one phone and a resident signed up on another
    server, beizhan = site_server, beizhan_live
    activity_id, coordinator = classroom(beizhan)
    resident(beizhan, "zhaofang", "赵芳")
    sign_in(phone, server, beizhan, "lilaoshi")
    sign_in(second_phone, server, beizhan, "zhaofang")
    second_phone.goto(server.url(beizhan, f"/activities/{activity_id}/"))
    second_phone.get_by_role("button", name="报名").click()

    # when the organiser shows the QR code, and the resident's camera opens its address
    phone.goto(server.url(beizhan, f"/activities/{activity_id}/"))
    assert phone.locator("figure.qr svg").is_visible()
    address = phone.locator(".check-in-code a").get_attribute("href")
    second_phone.goto(address.replace(f"{beizhan.domain}/", f"{beizhan.domain}:{server.port}/"))
    code = second_phone.locator("#id_code").input_value()
    second_phone.get_by_role("button", name="签到").click()

    # then the code was filled in and she is checked in
    assert len(code) == 6
    assert "你已签到。" in second_phone.locator("[data-sign-up]").inner_text()
    with schema_context(beizhan.schema_name):
        assert SignUp.objects.get(member__user__username="zhaofang").checked_in_at is not None


def test_a_resident_of_another_community_is_refused(site_server, beizhan_live, minle_live, phone):
    # given an offer in beizhan and a minle resident signed in on minle's host
    server = site_server
    plumber = resident(beizhan_live, "liushifu", "刘师傅")
    with schema_context(beizhan_live.schema_name), transaction.atomic():
        plumbing = Category.objects.get(code="plumbing-electrics").id
        offer = do_post_offer(actor_id=plumber.id, category_id=plumbing, title="北站的修水管")
    resident(minle_live, "minle-ren", "民乐居民")
    sign_in(phone, server, minle_live, "minle-ren")

    # when they open beizhan's offer, on beizhan's host and on their own
    phone.goto(server.url(beizhan_live, f"/offers/{offer.id}/"))
    on_beizhan = phone.url
    phone.goto(server.url(minle_live, "/offers/"))

    # then beizhan sends them to sign in, and minle's list shows nothing of beizhan
    assert "/login/" in on_beizhan
    assert "北站的修水管" not in phone.locator("main").inner_text()
