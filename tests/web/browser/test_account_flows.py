"""A resident's account in a real Chromium at phone size (issue 12)."""

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from sharepool.tenants.admission.services import do_approve_member
from sharepool.tenants.members.models import Member
from sharepool.tenants.notifications.services import preferences_of
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import add_member
from tests.web.browser.conftest import PHONE


def resident(community, username: str, display_name: str) -> Member:
    with transaction.atomic():  # committed: the server's threads read it
        return add_member(community.schema_name, username, display_name=display_name)


@pytest.fixture
def beizhan_live(committed_communities):
    return committed_communities("beizhan", name="北站社区")


def test_apply_then_see_the_application_approved(site_server, beizhan_live, phone):
    # given: the application form
    phone.goto(site_server.url(beizhan_live, "/join/"))
    phone.fill("#id_displayName", "李华")
    phone.fill("#id_phone", "13912345678")
    phone.fill("#id_username", "lihua")
    phone.fill("#id_password", TEST_PASSWORD)
    phone.fill("#id_building", "3栋")

    # when: the applicant sends it
    phone.get_by_role("button", name="提交申请").click()

    # then: they see it waiting for a worker, and after approval they see their number
    phone.wait_for_url("**/join/")
    assert phone.locator("[data-application-state]").get_attribute("data-application-state") == "pending"
    assert "待审核" in phone.locator("[data-application-state]").inner_text()
    with schema_context(beizhan_live.schema_name):
        worker = Member.objects.get(role=Member.Role.ADMIN)
        applicant = Member.objects.get(user__username="lihua")
        do_approve_member(actor=worker, member_id=applicant.id)
    phone.reload()
    assert phone.locator("[data-application-state]").get_attribute("data-application-state") == "active"
    approved = Member.objects.filter(id=applicant.id)
    with schema_context(beizhan_live.schema_name):
        number = approved.get().member_number
    assert f"会员编号是 {number}" in phone.locator("[data-application-state]").inner_text()


def test_a_wrong_password_is_refused_in_chinese(site_server, beizhan_live, phone):
    resident(beizhan_live, "zhaofang", "赵芳")
    phone.goto(site_server.url(beizhan_live, "/login/"))
    phone.fill("#id_username", "zhaofang")
    phone.fill("#id_password", "not-the-password")

    phone.get_by_role("button", name="登录").last.click()

    assert phone.locator(".errorlist").inner_text() == "用户名或密码错误。"
    assert phone.url.endswith("/login/")


def test_sign_in_and_out(site_server, beizhan_live, phone):
    resident(beizhan_live, "zhaofang", "赵芳")
    phone.goto(site_server.url(beizhan_live, "/login/"))
    phone.fill("#id_username", "zhaofang")
    phone.fill("#id_password", TEST_PASSWORD)
    phone.locator("main").get_by_role("button", name="登录").click()

    phone.wait_for_url(site_server.url(beizhan_live, "/"))
    assert "赵芳" in phone.locator("header").inner_text()
    phone.locator("header").get_by_role("button", name="退出").click()
    phone.wait_for_url(site_server.url(beizhan_live, "/"))
    assert "赵芳" not in phone.locator("header").inner_text()


def test_the_text_size_switch_makes_text_larger_and_remembers(site_server, beizhan_live, phone):
    phone.goto(site_server.url(beizhan_live, "/"))
    normal = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")

    phone.get_by_role("link", name="大字号").click()
    phone.goto(site_server.url(beizhan_live, "/join/"))

    larger = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger == normal * 1.25
    assert phone.get_by_role("link", name="标准字号").is_visible()


def test_the_language_switch_turns_the_page_to_english_and_back(site_server, beizhan_live, phone):
    phone.goto(site_server.url(beizhan_live, "/join/"))
    assert phone.locator("h1").inner_text() == "申请入会"

    phone.get_by_role("link", name="English").click()
    assert phone.locator("h1").inner_text() == "Apply to join"
    phone.goto(site_server.url(beizhan_live, "/"))
    assert phone.get_by_role("link", name="Services").is_visible()

    phone.get_by_role("link", name="中文").click()
    assert phone.get_by_role("link", name="服务").is_visible()


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("width", [360, 180])  # a narrow phone, and the same at 200% zoom
def test_the_pages_fit_a_narrow_phone_without_sideways_scrolling(
    site_server, beizhan_live, browser, width, locale
):
    page = browser.new_page(viewport={"width": width, "height": 740}, locale=locale)
    try:
        for path in ("/", "/join/", "/login/", "/honours/", "/stats/"):
            page.goto(site_server.url(beizhan_live, path))
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    finally:
        page.context.close()


TAPPABLE = (
    "header a, header button, nav a, main button, main .button, main input:not([type=hidden]), "
    "main select, main textarea, .list a, footer a"
)


@pytest.mark.parametrize("path", ["/", "/join/", "/login/"])
def test_every_control_is_at_least_44px_tall(site_server, beizhan_live, phone, path):
    phone.goto(site_server.url(beizhan_live, path))

    heights = phone.evaluate(
        f"[...document.querySelectorAll({TAPPABLE!r})].map(e => [e.outerHTML.slice(0, 60), "
        "e.getBoundingClientRect().height])"
    )

    assert heights, path
    assert [html for html, height in heights if height < 44] == []


def test_a_resident_stops_e_mails_about_new_proposals_with_javascript_off(site_server, beizhan_live, browser):
    # given: a phone with JavaScript off, signed in; new proposals are told in the app and by e-mail
    member = resident(beizhan_live, "zhaofang", "赵芳")
    with schema_context(beizhan_live.schema_name):
        before = {p.kind: (p.in_app, p.by_email) for p in preferences_of(member_id=member.id)}
    assert before["exchange_proposed"] == (True, True)
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True, java_script_enabled=False
    )
    phone = context.new_page()
    phone.goto(site_server.url(beizhan_live, "/login/"))
    phone.fill("#id_username", "zhaofang")
    phone.fill("#id_password", TEST_PASSWORD)
    phone.locator("main").get_by_role("button", name="登录").click()
    phone.goto(site_server.url(beizhan_live, "/me/"))
    row = phone.locator('li[data-kind="exchange_proposed"]')
    assert "新的服务交换提议" in row.inner_text()

    # when: they untick e-mail on that kind's row and save it
    row.get_by_label("通过电子邮件").uncheck()
    row.get_by_role("button", name="保存").click()

    # then: that kind alone changed, and the page shows it so
    phone.wait_for_url("**/me/#notifications")
    assert "您的选择已保存。" in phone.locator(".messages").inner_text()
    row = phone.locator('li[data-kind="exchange_proposed"]')
    assert not row.get_by_label("通过电子邮件").is_checked() and row.get_by_label("在应用内").is_checked()
    assert phone.locator('li[data-kind="exchange_confirmed"]').get_by_label("通过电子邮件").is_checked()
    with schema_context(beizhan_live.schema_name):
        stored = {p.kind: (p.in_app, p.by_email) for p in preferences_of(member_id=member.id)}
    assert stored["exchange_proposed"] == (True, False)
    assert stored == before | {"exchange_proposed": (True, False)}
    context.close()
