"""The workers' console in a real Chromium at phone size (issue 14)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import CommunitySettings, Member
from sharepool.tenants.timebank.models import Category, Exchange
from sharepool.tenants.timebank.services import do_accept_exchange, do_complete_exchange, do_post_offer
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import add_member


@pytest.fixture
def beizhan_live(committed_communities):
    return committed_communities("beizhan", name="北站社区")


def sign_in(phone, site_server, community, username: str) -> None:
    phone.goto(site_server.url(community, "/login/"))
    phone.fill("#id_username", username)
    phone.fill("#id_password", TEST_PASSWORD)
    phone.locator("main").get_by_role("button", name="登录").click()
    phone.wait_for_url(site_server.url(community, "/"))


def test_a_worker_approves_an_applicant_on_a_phone(site_server, beizhan_live, phone):
    # given: a worker, and an application waiting
    with transaction.atomic():
        add_member(beizhan_live.schema_name, "wangsg", role=Member.Role.WORKER, display_name="王社工")
        with schema_context(beizhan_live.schema_name):
            user = get_user_model().objects.create_user(username="lihua", password=TEST_PASSWORD)
            lihua = Member.objects.create(user=user, display_name="李华", phone="13912345678")
    sign_in(phone, site_server, beizhan_live, "wangsg")

    # when: the worker opens the console from the header, then the queue, and approves
    phone.locator("header [data-link=staff]").click()
    assert phone.locator("[data-count=waiting]").inner_text() == "1"
    phone.get_by_text("份申请待审核").click()
    row = phone.locator(f"[data-applicant='{lihua.id}']")
    assert "13912345678" in row.inner_text()
    row.get_by_role("button", name="批准").click()

    # then: the page says so with the new number, and the queue is empty
    with schema_context(beizhan_live.schema_name):
        number = Member.objects.get(id=lihua.id).member_number
    assert number is not None
    assert f"已批准李华入会，会员编号 {number}。" in phone.locator(".messages").inner_text()
    assert "没有待审核的申请。" in phone.locator("main").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_worker_registers_an_elder_and_confirms_a_service_for_her(site_server, beizhan_live, phone):
    # given: a worker, and 刘师傅 who offers to fix pipes
    with transaction.atomic():
        add_member(beizhan_live.schema_name, "wangsg", role=Member.Role.WORKER, display_name="王社工")
        liu = add_member(beizhan_live.schema_name, "liushifu", display_name="刘师傅")
        with schema_context(beizhan_live.schema_name):
            CommunitySettings.objects.filter(id=1).update(default_credit_limit_minutes=300)
            offer = do_post_offer(actor_id=liu.id, category_id=Category.objects.first().id, title="修水管")
    sign_in(phone, site_server, beizhan_live, "wangsg")

    # when: the worker registers 孙奶奶, who has no phone
    phone.goto(site_server.url(beizhan_live, "/staff/members/new/"))
    phone.fill("#id_displayName", "孙奶奶")
    phone.fill("#id_building", "3栋")
    phone.check("#id_consent")
    phone.get_by_role("button", name="登记").click()
    assert "请打印会员卡" in phone.locator(".messages").inner_text()
    phone.get_by_role("link", name="会员卡").click()
    number = phone.locator("[data-figure=member-number]").inner_text()
    assert phone.locator(".member-card svg").count() == 1
    phone.go_back()

    # and asks for 刘师傅's service for her
    phone.get_by_role("link", name="代为办理").click()
    phone.locator(f"[data-offer='{offer.id}']").get_by_role("button", name="代为申请这项服务").click()
    assert "已代孙奶奶提出。" in phone.locator(".messages").inner_text()
    with schema_context(beizhan_live.schema_name):
        exchange = Exchange.objects.get(offer=offer)
        do_accept_exchange(actor_id=liu.id, exchange_id=exchange.id)
        do_complete_exchange(actor_id=liu.id, exchange_id=exchange.id, minutes=90)
    phone.reload()
    phone.locator(f"[data-exchange='{exchange.id}']").get_by_role("button", name="代为确认").click()

    # then: the exchange is confirmed, and her balance moved by an hour and a half
    assert "已代孙奶奶办理。" in phone.locator(".messages").inner_text()
    phone.get_by_role("link", name="返回会员页面").click()
    assert phone.locator("[data-figure=member-number]").inner_text() == number
    assert phone.locator("[data-figure=balance]").inner_text() == "-1.5 小时"
    with schema_context(beizhan_live.schema_name):
        assert Exchange.objects.get(id=exchange.id).state == Exchange.State.CONFIRMED
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
