"""Records in a real Chromium (issue 14): a student's certificate verified by a stranger; a worker's export."""

import csv
import io
import re
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader

from sharepool.tenants.members.models import Member
from tests.graphql.conftest import add_member
from tests.tenants.cast import give
from tests.web.browser.test_staff_flows import sign_in
from tests.web.staff.test_certificates import held_classroom


@pytest.fixture
def beizhan_live(committed_communities):
    return committed_communities("beizhan", name="北站社区")


def test_a_student_downloads_her_certificate_and_a_stranger_verifies_it(
    site_server, beizhan_live, phone, second_phone
):
    # given: 陈同学 was awarded 2 hours at the 4:30 classroom that started half an hour ago
    with transaction.atomic():
        teacher = add_member(
            beizhan_live.schema_name, "lilaoshi", role=Member.Role.COORDINATOR, display_name="李老师"
        )
        student = add_member(beizhan_live.schema_name, "chentx", display_name="陈同学")
        with schema_context(beizhan_live.schema_name):
            held_classroom(SimpleNamespace(cast=SimpleNamespace(coordinator=teacher)), student, minutes=120)
    sign_in(phone, site_server, beizhan_live, "chentx")

    # when: she opens /me/, follows the certificate link and asks for the PDF (the form's default period:
    # this year so far)
    phone.goto(site_server.url(beizhan_live, "/me/"))
    assert phone.locator("[data-figure=served]").inner_text() == "2 小时"
    phone.locator("[data-action=certificate]").click()
    with phone.expect_download() as download:
        phone.get_by_role("button", name="获取 PDF").click()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)

    # then: the PDF states her hours, as /me/ does, and a code
    assert "陈同学" in text and "累计服务时长：2 小时" in text and "四点半课堂" in text
    code = re.search(r"验证码：([0-9A-Z]+)", text).group(1)

    # and: a stranger, not signed in, checks the code on the community's host
    second_phone.goto(site_server.url(beizhan_live, f"/verify/{code}/"))
    assert second_phone.locator("[data-field=name]").inner_text() == "陈同学"
    assert second_phone.locator("[data-field=hours]").inner_text() == "2 小时"
    assert "四点半课堂" not in second_phone.locator("main").inner_text()
    second_phone.goto(site_server.url(beizhan_live, "/verify/WRONGCODE2/"))
    assert second_phone.locator("[data-field=not-found]").is_visible()


def test_a_worker_exports_todays_transfers_as_csv(site_server, beizhan_live, phone):
    # given: a worker, and a welcome credit of 45 minutes to 张阿姨
    with transaction.atomic():
        add_member(beizhan_live.schema_name, "wangsg", role=Member.Role.WORKER, display_name="王社工")
        zhang = add_member(beizhan_live.schema_name, "zhangay", display_name="张阿姨")
        with schema_context(beizhan_live.schema_name):
            give(zhang, 45)
    sign_in(phone, site_server, beizhan_live, "wangsg")
    today = timezone.localdate().isoformat()

    # when: the worker opens the exports from the console and downloads today's transfers
    phone.goto(site_server.url(beizhan_live, "/staff/"))
    phone.locator("nav.staff").get_by_role("link", name="导出").click()
    phone.select_option("#id_kind", "transfers")
    phone.fill("#id_since", today)
    phone.fill("#id_until", today)
    phone.select_option("#id_format", "csv")
    with phone.expect_download() as download:
        phone.get_by_role("button", name="下载").click()

    # then: the file lists her 45 minutes
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "时间"
    assert any(row[4] == "张阿姨" and row[6] == "45" for row in rows[1:])
