"""importRegister: the register import through the API, the same domain call as the page (issue 14)."""

import base64
import io

from django_tenants.utils import schema_context
from openpyxl import Workbook

from sharepool.tenants.ledger.models import Account
from sharepool.tenants.members.models import Member
from tests.graphql.conftest import add_member, gql, token_for
from tests.web.staff.conftest import members_state

IMPORT = """mutation ($content: String!, $filename: String, $dryRun: Boolean) {
  importRegister(content: $content, filename: $filename, dryRun: $dryRun) {
    created unchanged minutes written problems { line column reason } errors { field code } } }"""
REGISTER = (
    "会员编号,姓名,手机,楼栋,房号,入会日期,时间余额（小时）\n"
    "101,赵芳,13912345678,北站新村3栋,502,2019-03-05,12.5\n"
    "102,钱大爷,,北站新村3栋,301,2019-04-01,0\n"
)


def admin_token(community) -> str:
    with schema_context(community.schema_name):
        admin = Member.objects.get(role=Member.Role.ADMIN)
    return token_for(community.schema_name, admin)


def import_register(community, token, **variables) -> dict:
    return gql(community.domain, IMPORT, variables, token=token).json()["data"]["importRegister"]


def test_a_dry_run_by_default_then_the_import(beizhan, minle):
    token = admin_token(beizhan)
    with schema_context(beizhan.schema_name):
        before = members_state()
    with schema_context(minle.schema_name):
        minle_before = members_state()

    checked = import_register(beizhan, token, content=REGISTER)
    with schema_context(beizhan.schema_name):
        assert members_state() == before
    imported = import_register(beizhan, token, content=REGISTER, dryRun=False)
    again = import_register(beizhan, token, content=REGISTER, dryRun=False)

    assert checked == {
        "created": 2,
        "unchanged": 0,
        "minutes": 750,
        "written": False,
        "problems": [],
        "errors": [],
    }
    assert imported == {
        "created": 2,
        "unchanged": 0,
        "minutes": 750,
        "written": True,
        "problems": [],
        "errors": [],
    }
    assert (again["created"], again["unchanged"]) == (0, 2)
    with schema_context(beizhan.schema_name):
        assert Account.objects.get(member__member_number=101).balance == 750
    with schema_context(minle.schema_name):
        assert members_state() == minle_before


def test_an_xlsx_in_base64_imports_as_its_csv(beizhan):
    workbook = Workbook()
    for row in REGISTER.strip().splitlines():
        workbook.active.append(row.split(","))
    content = io.BytesIO()
    workbook.save(content)

    answer = import_register(
        beizhan,
        admin_token(beizhan),
        content=base64.b64encode(content.getvalue()).decode(),
        filename="r.xlsx",
    )

    assert (answer["created"], answer["minutes"], answer["problems"]) == (2, 750, [])


def test_bad_lines_come_back_as_problems_in_chinese_and_nothing_is_written(beizhan):
    token = admin_token(beizhan)
    with schema_context(beizhan.schema_name):
        before = members_state()

    answer = import_register(beizhan, token, content=REGISTER + "103,,,,,,\n", dryRun=False)
    unreadable = import_register(beizhan, token, content="not base64!", filename="r.xlsx", dryRun=False)

    assert answer["problems"] == [{"line": 4, "column": "姓名", "reason": "姓名为空"}]
    assert answer["written"] is False
    assert unreadable["errors"] == [{"field": "file", "code": "register_unreadable"}]
    with schema_context(beizhan.schema_name):
        assert members_state() == before


def test_a_worker_without_the_balance_permission_is_refused(beizhan):
    worker = add_member(beizhan.schema_name, "wangsg", role=Member.Role.WORKER)
    with schema_context(beizhan.schema_name):
        before = members_state()

    body = gql(
        beizhan.domain,
        IMPORT,
        {"content": REGISTER, "dryRun": False},
        token=token_for(beizhan.schema_name, worker),
    ).json()

    assert body["data"]["importRegister"]["errors"][0]["code"] == "permission_denied"
    with schema_context(beizhan.schema_name):
        assert members_state() == before
