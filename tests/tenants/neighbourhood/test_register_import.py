"""Importing an existing register: members, buildings and carried-forward balances (issue 14)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from sharepool.core.errors import DomainError
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import Building
from sharepool.tenants.neighbourhood.register_import import check_register, do_import_register, read_rows
from tests.faults.checks import assert_ledger_clean
from tests.tenants.cast import balance, tenant_state

REGISTER = """会员编号,姓名,手机,楼栋,房号,入会日期,时间余额（小时）
101,赵芳,13912345678,北站新村3栋,502,2019-03-05,12.5
102,钱大爷,,北站新村3栋,301,2019-04-01,0
103,孙同学,13800001111,龙华花园1栋,,2020-09-10,3
"""


def register_state() -> dict:
    return {
        **tenant_state(),
        "members": sorted(Member.objects.values_list("member_number", "display_name")),
        "buildings": sorted(Building.objects.values_list("name", "to_confirm")),
    }


def import_text(actor, text: str, *, dry_run: bool = False, filename: str = "register.csv"):
    lines, problems = check_register(read_rows(text.encode(), filename))
    assert problems == [], problems
    return do_import_register(actor=actor, lines=lines, dry_run=dry_run)


def test_a_register_brings_members_with_their_numbers_buildings_and_balances(world):
    # when
    report = import_text(world.cast.admin, REGISTER)

    # then
    assert (report.created, report.unchanged, report.minutes) == (3, 0, 15.5 * 60)
    zhao = Member.objects.select_related("building", "account").get(member_number=101)
    assert (zhao.display_name, zhao.phone, zhao.building.name, zhao.unit) == (
        "赵芳",
        "13912345678",
        "北站新村3栋",
        "502",
    )
    assert zhao.status == Member.Status.ACTIVE and zhao.approved_at.date().isoformat() == "2019-03-05"
    assert not zhao.user.has_usable_password()
    assert balance(zhao) == 750
    assert balance(Member.objects.get(member_number=102)) == 0
    opening = Transfer.objects.get(credit__member=zhao)
    assert (opening.kind, opening.amount, opening.debit.kind) == ("adjustment", 750, "community_pool")
    assert Building.objects.get(name="龙华花园1栋").to_confirm
    assert_ledger_clean()
    assert world.minle_untouched()


def test_importing_the_same_register_again_changes_nothing(world):
    import_text(world.cast.admin, REGISTER)
    before = register_state()

    again = import_text(world.cast.admin, REGISTER)

    assert (again.created, again.unchanged, again.minutes) == (0, 3, 0)
    assert register_state() == before


def test_a_dry_run_reports_what_it_would_do_and_writes_nothing(world):
    before = register_state()

    report = import_text(world.cast.admin, REGISTER, dry_run=True)

    assert (report.created, report.minutes, report.written) == (3, 930, False)
    assert register_state() == before


def test_every_bad_line_is_reported_in_chinese_with_its_column(world):
    # given
    bad = (
        "会员编号,姓名,手机,楼栋,房号,入会日期,时间余额（小时）\n"
        "abc,赵芳,13912345678,3栋,502,2019-03-05,1\n"
        "105,,12345,3栋,502,2019/13/40,-2\n"
        "106,周阿姨,,3栋,,,0.001\n"
        "107,吴阿姨,,3栋,,,1\n"
        "107,郑阿姨,,3栋,,,1\n"
    )

    # when
    lines, problems = check_register(read_rows(bad.encode(), "register.csv"))

    # then
    assert [str(problem) for problem in problems] == [
        "第 2 行，会员编号：会员编号是从 1 开始的整数",
        "第 3 行，姓名：姓名为空",
        "第 3 行，手机：不是 11 位手机号（没有手机可留空）",
        "第 3 行，入会日期：日期请写成 2019-03-05",
        "第 3 行，时间余额（小时）：小时数不小于 0，以一分钟为单位（例如 12 或 1.5）",
        "第 4 行，时间余额（小时）：小时数不小于 0，以一分钟为单位（例如 12 或 1.5）",
        "第 6 行，会员编号：会员编号 107 也在第 5 行",
    ]


def test_a_number_that_belongs_to_someone_else_refuses_the_whole_file(world):
    # given: member number 101 is already 张阿姨's
    alice = world.cast.alice
    alice.member_number = 101
    alice.save(update_fields=["member_number"])
    before = register_state()

    # when
    lines, _problems = check_register(read_rows(REGISTER.encode(), "register.csv"))
    report = do_import_register(actor=world.cast.admin, lines=lines)

    # then: the other two lines are not imported either
    assert [problem.reason for problem in report.problems] == ["会员编号 101 已属于张阿姨"]
    assert report.written is False
    assert register_state() == before


def test_only_an_admin_imports_a_register(world):
    before = register_state()
    lines, _problems = check_register(read_rows(REGISTER.encode(), "register.csv"))

    with pytest.raises(DomainError) as refused:
        do_import_register(actor=world.cast.worker, lines=lines)

    assert refused.value.code == "not_permitted"
    assert register_state() == before


def test_an_xlsx_register_reads_as_its_csv(world):
    workbook = Workbook()
    sheet = workbook.active
    for row in REGISTER.strip().splitlines():
        sheet.append([int(v) if v.isdigit() and len(v) < 5 else v for v in row.split(",")])
    content = io.BytesIO()
    workbook.save(content)

    lines, problems = check_register(read_rows(content.getvalue(), "register.xlsx"))
    from_csv, _ = check_register(read_rows(REGISTER.encode(), "register.csv"))

    assert problems == [] and lines == from_csv


def test_the_command_checks_imports_and_reports(world, beizhan, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(REGISTER, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    call_command("import_members", str(path), community="beizhan", dry_run=True, stdout=out, stderr=err)
    assert "3 members to import (15.5 hours)" in out.getvalue()
    assert not Member.objects.filter(member_number=101).exists()

    call_command("import_members", str(path), community="beizhan", stdout=out, stderr=err)
    assert "imported 3 members (15.5 hours)" in out.getvalue()
    assert "3/3" in err.getvalue()

    path.write_text(REGISTER + "107,,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 line"):
        call_command("import_members", str(path), community="beizhan", stdout=out, stderr=err)
    assert "第 5 行，姓名：姓名为空" in err.getvalue()
