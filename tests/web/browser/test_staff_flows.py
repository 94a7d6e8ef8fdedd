"""The workers' console in a real Chromium at phone size (issue 14)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member
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
