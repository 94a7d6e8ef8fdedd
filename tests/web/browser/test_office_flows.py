"""A street office in a real Chromium at phone size, JavaScript off (issue 14): it signs in, compares its
communities (sorting the table) and onboards a new one."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.platform.communities.models import Community, StreetOffice, StreetOfficeStaff
from sharepool.tenants.stats.services import do_take_stats_snapshot
from tests.conftest import TEST_PASSWORD
from tests.web.browser.conftest import PHONE


@pytest.fixture
def office_live(committed_communities):
    """Beizhan (72,000 residents) and Minle (38,000) of 民治街道, with tonight's snapshot, and its staff."""
    made = [
        committed_communities("beizhan", name="北站社区", population=72_000),
        committed_communities("minle", name="民乐社区", population=38_000),
    ]
    for community in made:
        with schema_context(community.schema_name):
            do_take_stats_snapshot(now=timezone.now())
    user = get_user_model().objects.create_user(username="minzhi", password=TEST_PASSWORD)
    StreetOfficeStaff.objects.create(user=user, street_office=StreetOffice.objects.get(name="民治街道"))
    yield made
    # What the browser onboarded is not the fixture's: its schema goes too.
    connection.set_schema_to_public()
    for community in Community.objects.exclude(slug__in=["beizhan", "minle"]).exclude(schema_name="public"):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')
        community.delete()


@pytest.fixture
def phone_without_js(browser):
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def rows(page) -> list[str]:
    return page.locator("table.compare tbody tr").evaluate_all("rows => rows.map(r => r.dataset.community)")


def test_a_street_office_compares_its_communities_and_onboards_a_new_one(
    site_server, office_live, phone_without_js
):
    page = phone_without_js
    office = f"http://localhost:{site_server.port}/office/"

    # given: the street office signs in
    page.goto(office)
    assert "/office/login/" in page.url
    page.fill("#id_username", "minzhi")
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(office)
    assert page.locator("h1").inner_text() == "民治街道"
    assert rows(page) == ["北站社区", "民乐社区"]

    # when: it sorts by members per 1,000 residents (largest first), then the other way
    page.locator('[data-sort-link="members_per_thousand"]').click()
    page.wait_for_url("**/office/?sort=-members_per_thousand")
    largest_first = rows(page)
    page.locator('[data-sort-link="members_per_thousand"]').click()
    page.wait_for_url("**/office/?sort=members_per_thousand")

    # then: one member of 38,000 is more per thousand than one of 72,000
    assert largest_first == ["民乐社区", "北站社区"]
    assert rows(page) == ["北站社区", "民乐社区"]
    assert page.locator("svg.chart").count() == 4
    # the page fits the phone; the wide table scrolls inside its own box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # when: it onboards 新牛社区
    page.get_by_role("link", name="开通社区").first.click()
    page.fill("#id_slug", "xinniu")
    page.fill("#id_name", "新牛社区")
    page.fill("#id_population", "30000")
    page.get_by_role("button", name="开通上线").click()

    # then: the community is online, the admin's sign-in shown once, and it joins the table
    assert page.locator("h1").inner_text() == "新牛社区已上线"
    password = page.locator("[data-admin-password]").inner_text()
    assert len(password) >= 12
    assert Community.objects.get(slug="xinniu").street_office.name == "民治街道"
    page.goto(office)
    assert sorted(rows(page)) == sorted(["北站社区", "民乐社区", "新牛社区"])
