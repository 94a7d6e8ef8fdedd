"""A resident's whole day in a real Chromium at phone size (issue 12): apply, approved by a worker on
another phone, post an offer, an exchange through to confirmation, the balance moving, an activity signed
up for and checked in to (typing the code shown on the day, and through the coordinator's QR code), the
notification read. Then what goes wrong: bad input refused in Chinese with nothing written, a
confirmation sent twice paying once, and a resident of another community refused.

The account pages' own flows (sign in and out, the switches, widths) are in test_account_flows.py.
"""

import re
from datetime import timedelta

import pytest
import segno
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from sharepool.tenants.activities.models import Activity, SignUp
from sharepool.tenants.activities.services import do_create_activity, do_sign_up
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.services import community_pool, do_transfer, member_account_id
from sharepool.tenants.members.models import Member
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.timebank.models import Category, Exchange, Offer
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import add_member
from tests.web.browser.conftest import new_phone


@pytest.fixture
def beizhan_live(committed_communities):
    return committed_communities("beizhan", name="北站社区")


def committed_member(community, username: str, display_name: str, **kwargs) -> Member:
    with transaction.atomic():  # committed: the server's threads read it
        return add_member(community.schema_name, username, display_name=display_name, **kwargs)


def give_hours(community, member: Member, minutes: int) -> None:
    with schema_context(community.schema_name), transaction.atomic():
        do_transfer(
            idempotency_key=f"start-{member.id}",
            debit_account_id=community_pool().id,
            credit_account_id=member_account_id(member.id),
            amount=minutes,
            kind=Transfer.Kind.WELCOME,
        )


def classroom_about_to_start(community) -> Activity:
    """The 4:30 classroom, starting in ten minutes, run by the community's admin (a worker)."""
    with schema_context(community.schema_name), transaction.atomic():
        worker = Member.objects.get(role=Member.Role.ADMIN)
        start = timezone.now() + timedelta(minutes=10)
        return do_create_activity(
            actor_id=worker.id,
            title="四点半课堂",
            category_id=Category.objects.first().id,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="社区活动室",
            capacity=10,
            minutes_credited=120,
        )


def sign_in(phone, server, community, username: str) -> None:
    phone.goto(server.url(community, "/login/"))
    phone.fill("#id_username", username)
    phone.fill("#id_password", TEST_PASSWORD)
    phone.locator("main").get_by_role("button", name="登录").click()
    phone.wait_for_url(server.url(community, "/"))


def figure(phone, name: str) -> str:
    return phone.locator(f"[data-figure={name}]").inner_text()


def worker_decides(worker_phone, server, community, applicant_name: str, *, reason: str = "") -> None:
    """The community worker, on their own phone, opens the approvals queue from the console and approves
    the application, or rejects it with a reason."""
    sign_in(worker_phone, server, community, "admin")
    worker_phone.goto(server.url(community, "/staff/approvals/"))
    row = worker_phone.locator("[data-applicant]", has_text=applicant_name)
    if reason:
        row.get_by_label("理由（申请人可以看到）").fill(reason)
        row.get_by_role("button", name="拒绝").click()
    else:
        row.get_by_role("button", name="批准").click()
    assert applicant_name in worker_phone.locator(".messages").inner_text()


def apply(phone, server, community) -> None:
    """Li Hua fills in the application form on her phone and sends it."""
    phone.goto(server.url(community, "/join/"))
    phone.fill("#id_displayName", "李华")
    phone.fill("#id_phone", "13912345678")
    phone.fill("#id_username", "lihua")
    phone.fill("#id_password", TEST_PASSWORD)
    phone.fill("#id_building", "3栋")
    phone.fill("#id_skills", "修水管")
    phone.get_by_role("button", name="提交申请").click()
    phone.wait_for_url("**/join/")


@pytest.fixture
def workers_phone(browser):
    page = new_phone(browser)
    yield page
    page.context.close()


def test_a_residents_whole_day(site_server, beizhan_live, phone, second_phone, workers_phone):
    """Li Hua's phone is `phone`, her neighbour Wang Fang's `second_phone`."""
    server, beizhan = site_server, beizhan_live
    neighbour = committed_member(beizhan, "wangfang", "王芳")
    give_hours(beizhan, neighbour, 120)
    activity = classroom_about_to_start(beizhan)

    # Morning: Li Hua applies on her phone and sees the application waiting.
    apply(phone, server, beizhan)
    assert phone.locator("[data-application-state]").get_attribute("data-application-state") == "pending"

    # A community worker approves it in the console on their own phone; she sees her member number.
    worker_decides(workers_phone, server, beizhan, "李华")
    phone.reload()
    assert phone.locator("[data-application-state]").get_attribute("data-application-state") == "active"
    assert "会员编号是" in phone.locator("[data-application-state]").inner_text()
    phone.get_by_role("link", name="我的账户").click()
    assert figure(phone, "balance") == "0 小时"

    # She offers to fix drains.
    phone.get_by_role("navigation").get_by_role("link", name="服务").click()
    phone.get_by_role("link", name="提供服务").click()
    phone.select_option("#id_categoryId", label=category_label(beizhan))
    phone.fill("#id_title", "修水管")
    phone.fill("#id_description", "周末上门，自带工具。")
    phone.get_by_role("button", name="发布").click()
    assert phone.locator("h1").inner_text() == "修水管"
    offer_url = phone.url

    # Wang Fang, on her phone, asks for the service.
    sign_in(second_phone, server, beizhan, "wangfang")
    second_phone.goto(offer_url)
    second_phone.fill("#id_note", "厨房下水道堵了")
    second_phone.get_by_role("button", name="请他帮忙").click()
    exchange_url = second_phone.url
    assert re.search(r"/exchanges/\d+/$", exchange_url)
    assert second_phone.locator("[data-state]").first.get_attribute("data-state") == "requested"

    # Li Hua finds it waiting for her on the home page, accepts, then records the hour she served.
    phone.get_by_role("navigation").get_by_role("link", name="首页").click()
    phone.locator("[data-exchange]").get_by_role("link").click()
    assert phone.url == exchange_url
    assert "轮到你了" in phone.locator(".state").inner_text()
    phone.get_by_role("button", name="接受").click()
    phone.fill("#id_minutes", "60")
    phone.get_by_role("button", name="记录服务时长").click()
    assert phone.locator("p[data-state]").get_attribute("data-state") == "completed"

    # Wang Fang confirms; the hour moves.
    second_phone.reload()
    second_phone.get_by_role("button", name="确认：支付时长").click()
    assert second_phone.locator("p[data-state]").get_attribute("data-state") == "confirmed"
    phone.goto(server.url(beizhan, "/me/"))
    assert figure(phone, "balance") == "1 小时"
    assert figure(phone, "served") == "1 小时"
    assert "王芳" in phone.locator("main").inner_text()

    # Afternoon: she signs up for the 4:30 classroom and checks in with the code shown on the day.
    phone.get_by_role("navigation").get_by_role("link", name="活动").click()
    phone.locator("section.series", has_text="四点半课堂").get_by_role("link").first.click()
    phone.get_by_role("button", name="报名").click()
    assert phone.locator("[data-sign-up]").get_attribute("data-sign-up") == "confirmed"
    workers_phone.goto(server.url(beizhan, f"/activities/{activity.id}/"))  # the worker runs it
    code = workers_phone.locator("[data-code]").inner_text()
    phone.fill("#id_code", code)
    phone.get_by_role("button", name="签到").click()
    assert phone.locator("[data-sign-up]").inner_text() == "你已签到。"

    # Evening: the message that her hour was confirmed, read.
    phone.get_by_role("navigation").get_by_role("link", name="消息").click()
    unread = int(phone.locator("[data-unread]").get_attribute("data-unread"))
    assert unread >= 2  # Wang Fang's proposal and her confirmation at least
    message = phone.locator("[data-notification]", has_text="王芳确认了你 1 小时的服务")
    expect(message).to_have_class("unread")
    message.get_by_role("button", name="标为已读").click()
    expect(message.get_by_role("button")).to_have_count(0)  # htmx swapped the item in, read
    expect(message).not_to_have_class("unread")
    phone.get_by_role("button", name="全部标为已读").click()
    expect(phone.locator("[data-unread]")).to_have_attribute("data-unread", "0")
    with schema_context(beizhan.schema_name):
        lihua = Member.objects.get(user__username="lihua")
        assert not Notification.objects.filter(member=lihua, read_at__isnull=True).exists()
        assert SignUp.objects.get(activity_id=activity.id, member=lihua).checked_in_at is not None


def test_a_rejected_applicant_reads_the_workers_reason_on_her_phone(
    site_server, beizhan_live, phone, second_phone
):
    apply(phone, site_server, beizhan_live)

    worker_decides(second_phone, site_server, beizhan_live, "李华", reason="请到户籍所在社区申请")

    phone.reload()
    state = phone.locator("[data-application-state]")
    assert state.get_attribute("data-application-state") == "rejected"
    assert phone.locator("[data-rejection-reason]").inner_text() == "请到户籍所在社区申请"
    phone.context.clear_cookies()  # later, on a phone that forgot her: signing in tells her too
    phone.goto(site_server.url(beizhan_live, "/login/"))
    phone.fill("#id_username", "lihua")
    phone.fill("#id_password", TEST_PASSWORD)
    phone.locator("main").get_by_role("button", name="登录").click()
    assert (
        phone.locator(".errorlist").inner_text()
        == "你的申请未获通过。社区工作者给出的原因：请到户籍所在社区申请"
    )


def category_label(community) -> str:
    with schema_context(community.schema_name):
        return Category.objects.filter(active=True).first().name


@pytest.fixture
def classroom(beizhan_live):
    """The 4:30 classroom about to start, run by the community's admin; a resident with a place."""
    resident = committed_member(beizhan_live, "zhaofang", "赵芳")
    activity = classroom_about_to_start(beizhan_live)
    with schema_context(beizhan_live.schema_name), transaction.atomic():
        do_sign_up(actor_id=resident.id, activity_id=activity.id)
    return activity, resident


def test_the_coordinators_qr_code_opens_the_check_in_page_with_the_code_filled_in(
    site_server, beizhan_live, classroom, phone, second_phone
):
    activity, resident = classroom
    sign_in(second_phone, site_server, beizhan_live, "admin")
    second_phone.goto(site_server.url(beizhan_live, f"/activities/{activity.id}/"))
    link = second_phone.locator(".check-in-code a").get_attribute("href")
    drawn = second_phone.locator("figure.qr svg path").get_attribute("d")
    # What a camera reads from the drawn code is the link shown under it.
    expected = segno.make(link, error="m").svg_inline(scale=6)
    assert drawn == re.search(r'<path[^>]* d="([^"]+)"', expected).group(1)

    sign_in(phone, site_server, beizhan_live, "zhaofang")
    phone.goto(link)  # the resident's camera opens the link

    assert phone.locator("#id_code").input_value() == activity.check_in_code
    phone.get_by_role("button", name="签到").click()
    assert phone.locator("[data-sign-up]").inner_text() == "你已签到。"
    with schema_context(beizhan_live.schema_name):
        assert SignUp.objects.get(activity=activity, member=resident).checked_in_at is not None


def test_a_wrong_check_in_code_is_refused_in_chinese_and_nothing_is_written(
    site_server, beizhan_live, classroom, phone
):
    activity, resident = classroom
    sign_in(phone, site_server, beizhan_live, "zhaofang")
    phone.goto(site_server.url(beizhan_live, f"/activities/{activity.id}/check-in/?code=WRONG1"))

    phone.get_by_role("button", name="签到").click()

    assert phone.locator(".field .error").inner_text() == "签到码不正确。"
    with schema_context(beizhan_live.schema_name):
        assert SignUp.objects.get(activity=activity, member=resident).checked_in_at is None


def accepted(community):
    """Zhao Fang offers to fix drains; Wang Fang asked and Zhao Fang accepted. Returns the exchange."""
    from sharepool.tenants.timebank import services

    provider = committed_member(community, "zhaofang", "赵芳")
    recipient = committed_member(community, "wangfang", "王芳")
    give_hours(community, recipient, 120)
    with schema_context(community.schema_name), transaction.atomic():
        offer = services.do_post_offer(
            actor_id=provider.id, category_id=Category.objects.first().id, title="修水管"
        )
        exchange = services.do_propose_exchange(actor_id=recipient.id, offer_id=offer.id, note="")
        services.do_accept_exchange(actor_id=provider.id, exchange_id=exchange.id)
    return exchange


@pytest.fixture
def accepted_exchange(beizhan_live):
    return accepted(beizhan_live)


@pytest.fixture
def completed_exchange(beizhan_live):
    """Zhao Fang served Wang Fang an hour; Wang Fang has yet to confirm it."""
    from sharepool.tenants.timebank import services

    exchange = accepted(beizhan_live)
    with schema_context(beizhan_live.schema_name), transaction.atomic():
        services.do_complete_exchange(actor_id=exchange.provider_id, exchange_id=exchange.id, minutes=60)
    return exchange


def ledger_state(community) -> list[tuple]:
    with schema_context(community.schema_name):
        return [
            *Account.objects.order_by("id").values_list("id", "balance"),
            *Transfer.objects.order_by("id").values_list("id", "amount"),
        ]


def test_a_confirmation_tapped_twice_and_sent_again_pays_once(
    site_server, beizhan_live, completed_exchange, phone
):
    exchange = completed_exchange
    sign_in(phone, site_server, beizhan_live, "wangfang")
    phone.goto(site_server.url(beizhan_live, f"/exchanges/{exchange.id}/"))
    form = phone.locator("form.action-confirm")
    action = form.get_attribute("action")
    sent = form.evaluate("f => new URLSearchParams(new FormData(f)).toString()")  # its key among them
    posts = []
    phone.on("request", lambda r: posts.append(r) if r.method == "POST" and "/confirm/" in r.url else None)

    # when: a double tap, then the same form sent twice more at once (a page resubmitted after a lost
    # answer, from two tabs): every sending carries the key of the one rendering
    form.get_by_role("button").dblclick()
    phone.wait_for_url("**#timeline")
    phone.wait_for_load_state()
    answers = phone.evaluate(
        """([action, body]) => Promise.all([1, 2].map(() => fetch(action, {method: "POST", body,
               headers: {"Content-Type": "application/x-www-form-urlencoded"}})
               .then(r => r.text().then(html => [r.status, r.url, html.includes('role="alert"')]))))""",
        [action, sent],
    )

    # then: each is answered as the first was (the exchange's page, no refusal), and the hour moved once
    assert len(posts) >= 3
    exchange_page = site_server.url(beizhan_live, f"/exchanges/{exchange.id}/")
    assert answers == [[200, exchange_page, False], [200, exchange_page, False]]
    with schema_context(beizhan_live.schema_name):
        payments = Transfer.objects.filter(kind=Transfer.Kind.EXCHANGE)
        assert list(payments.values_list("amount", flat=True)) == [60]
        assert Exchange.objects.get(id=exchange.id).state == Exchange.State.CONFIRMED
    phone.goto(site_server.url(beizhan_live, "/me/"))
    assert figure(phone, "balance") == "1 小时"  # 120 minutes, less the one hour paid


def test_bad_input_is_refused_in_chinese_and_nothing_is_written(
    site_server, beizhan_live, accepted_exchange, phone
):
    exchange = accepted_exchange
    before = ledger_state(beizhan_live)
    with schema_context(beizhan_live.schema_name):
        offers = Offer.objects.count()

    # An application without a name.
    phone.goto(site_server.url(beizhan_live, "/join/"))
    phone.fill("#id_phone", "13912345678")
    phone.fill("#id_username", "newcomer")
    phone.fill("#id_password", TEST_PASSWORD)
    phone.get_by_role("button", name="提交申请").click()
    assert phone.locator(".errorlist").first.inner_text() == "这个字段是必填项。"
    with schema_context(beizhan_live.schema_name):
        assert not Member.objects.filter(user__username="newcomer").exists()

    # An offer without a title.
    sign_in(phone, site_server, beizhan_live, "zhaofang")
    phone.goto(site_server.url(beizhan_live, "/offers/new/"))
    phone.get_by_role("button", name="发布").click()
    assert phone.locator(".field .error").first.inner_text() == "这个字段是必填项。"

    # Minus five minutes served.
    phone.goto(site_server.url(beizhan_live, f"/exchanges/{exchange.id}/"))
    phone.fill("#id_minutes", "-5")
    phone.get_by_role("button", name="记录服务时长").click()
    assert phone.locator("form.action-complete .error").inner_text() == "请记录 1 至 720 分钟。"

    with schema_context(beizhan_live.schema_name):
        assert Offer.objects.count() == offers
        assert Exchange.objects.get(id=exchange.id).state == Exchange.State.ACCEPTED
        assert not Member.objects.filter(user__username="newcomer").exists()
    assert ledger_state(beizhan_live) == before


def test_a_resident_of_another_community_is_refused(site_server, committed_communities, phone):
    beizhan = committed_communities("beizhan", name="北站社区")
    minle = committed_communities("minle", name="民乐社区")
    committed_member(minle, "chenjing", "陈静")
    activity = classroom_about_to_start(beizhan)

    # Signed in at home in Minle...
    sign_in(phone, site_server, minle, "chenjing")
    assert "陈静" in phone.locator("header").inner_text()

    # ...she is nobody on Beizhan's host: its pages send her to sign in, and her password is not known there.
    phone.goto(site_server.url(beizhan, f"/activities/{activity.id}/"))
    assert "/login/" in phone.url
    assert "陈静" not in phone.locator("header").inner_text()
    phone.fill("#id_username", "chenjing")
    phone.fill("#id_password", TEST_PASSWORD)
    phone.locator("main").get_by_role("button", name="登录").click()
    assert phone.locator(".errorlist").inner_text() == "用户名或密码错误。"
    with schema_context(beizhan.schema_name):
        assert not SignUp.objects.filter(activity=activity).exists()
        assert not Member.objects.filter(user__username="chenjing").exists()
