"""An admin brings Beizhan's paper register in from a phone, in a real Chromium (issue 14)."""

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from sharepool.tenants.ledger.models import Account
from sharepool.tenants.members.models import Member
from tests.web.browser.test_staff_flows import sign_in

REGISTER = (
    "会员编号,姓名,手机,楼栋,房号,入会日期,时间余额（小时）\n"
    "101,赵芳,13912345678,北站新村3栋,502,2019-03-05,12.5\n"
    "102,钱大爷,,北站新村3栋,301,2019-04-01,0\n"
)


@pytest.fixture
def beizhan_live(committed_communities):
    return committed_communities("beizhan", name="北站社区")


def test_an_admin_checks_a_register_fixes_a_line_and_imports_it(site_server, beizhan_live, phone, tmp_path):
    # given: a register with one bad line, and the same file corrected
    bad, good = tmp_path / "登记册.csv", tmp_path / "登记册-改.csv"
    bad.write_text(REGISTER + "103,,12345,,,,1\n", encoding="utf-8")
    good.write_text(REGISTER + "103,孙同学,,,,,1\n", encoding="utf-8")
    sign_in(phone, site_server, beizhan_live, "admin")

    # when: the admin checks the bad file from the console
    phone.goto(site_server.url(beizhan_live, "/staff/"))
    phone.get_by_role("link", name="导入登记册").click()
    phone.set_input_files("#id_file", str(bad))
    phone.get_by_role("button", name="检查文件").click()

    # then: each problem in Chinese, nothing written
    problems = phone.locator("[data-problems]")
    assert "第 4 行，姓名：姓名为空" in problems.inner_text()
    assert "第 4 行，手机：不是 11 位手机号" in problems.inner_text()
    with transaction.atomic(), schema_context(beizhan_live.schema_name):
        assert not Member.objects.filter(member_number__in=[101, 102, 103]).exists()

    # when: the corrected file is checked, then imported
    phone.set_input_files("#id_file", str(good))
    phone.get_by_role("button", name="检查文件").click()
    assert "文件无误，尚未写入" in phone.locator("[data-created]").inner_text()
    phone.set_input_files("#id_file", str(good))
    phone.get_by_role("button", name="导入", exact=True).click()

    # then
    assert "已导入" in phone.locator("[data-created='3']").inner_text()
    with transaction.atomic(), schema_context(beizhan_live.schema_name):
        assert Account.objects.get(member__member_number=101).balance == 750
        assert Member.objects.get(member_number=103).display_name == "孙同学"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
