"""/staff/members/import/: a register checked, then imported, from the console (issue 14)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import Building
from tests.tenants.cast import balance
from tests.web.pages import back_to, client_of
from tests.web.staff.conftest import members_state

REGISTER = (
    "会员编号,姓名,手机,楼栋,房号,入会日期,时间余额（小时）\n"
    "101,赵芳,13912345678,北站新村3栋,502,2019-03-05,12.5\n"
    "102,钱大爷,,北站新村3栋,301,2019-04-01,0\n"
)


def upload(text: str, name: str = "register.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def page_text(response) -> str:
    """The page as the browser reads it, whether sent at once or streamed as the import runs."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.text


def register_of(count: int) -> str:
    rows = [f"{1000 + n},居民{n},,北站新村{n % 9 + 1}栋,{n % 30 + 101},2020-01-01,1" for n in range(count)]
    return REGISTER.splitlines()[0] + "\n" + "\n".join(rows) + "\n"


def state() -> dict:
    return {**members_state(), "buildings": sorted(Building.objects.values_list("name", flat=True))}


def test_an_admin_checks_the_file_then_imports_it(world, beizhan):
    client = client_of(beizhan, world.cast.admin)
    back_to(beizhan)
    before = state()

    # when: checked first
    checked = client.post("/staff/members/import/", {"file": upload(REGISTER), "action": "check"})

    # then: what an import would do, and nothing written
    assert checked.status_code == 200
    assert "文件无误，尚未写入" in checked.text and 'data-created="2"' in checked.text
    back_to(beizhan)
    assert state() == before

    # when: imported
    imported = client.post("/staff/members/import/", {"file": upload(REGISTER), "action": "import"})

    # then
    assert imported.status_code == 200 and "已导入" in page_text(imported)
    back_to(beizhan)
    assert balance(Member.objects.get(member_number=101)) == 750
    assert CommunityAuditEntry.objects.filter(action="members_imported").count() == 1
    assert world.minle_untouched()


def test_a_file_with_bad_lines_shows_each_in_chinese_and_writes_nothing(world, beizhan):
    client = client_of(beizhan, world.cast.admin)
    back_to(beizhan)
    before = state()

    response = client.post(
        "/staff/members/import/", {"file": upload(REGISTER + "103,,123,,,,x\n"), "action": "import"}
    )

    assert response.status_code == 400
    assert 'data-problems="3"' in response.text
    assert "第 4 行，姓名：姓名为空" in response.text and "未写入任何内容" in response.text
    back_to(beizhan)
    assert state() == before


def test_a_file_that_is_not_a_register_is_refused_on_its_field(world, beizhan):
    client = client_of(beizhan, world.cast.admin)
    back_to(beizhan)
    before = state()

    wrong_type = client.post("/staff/members/import/", {"file": upload("x", "photo.jpg"), "action": "import"})
    not_utf8 = client.post(
        "/staff/members/import/",
        {
            "file": SimpleUploadedFile("register.csv", "会员编号,姓名\n1,赵芳\n".encode("gbk")),
            "action": "import",
        },
    )

    assert wrong_type.status_code == 400 and "请上传 .csv 或 .xlsx 文件。" in wrong_type.text
    assert not_utf8.status_code == 400 and "无法作为" in not_utf8.text
    back_to(beizhan)
    assert state() == before


def test_only_those_who_adjust_balances_may_import(world, beizhan):
    coordinator = client_of(beizhan, world.cast.coordinator)
    back_to(beizhan)
    before = state()

    response = coordinator.post("/staff/members/import/", {"file": upload(REGISTER), "action": "import"})

    assert response.status_code == 403
    back_to(beizhan)
    assert state() == before


def test_a_resident_of_another_community_cannot_import_here(world, beizhan, minle):
    # Minle's admin, signed in on Minle, sends the form to Beizhan's host: no session here, sign in first
    with_minle_session = client_of(minle, world.minle.admin)
    with_minle_session.defaults["HTTP_HOST"] = beizhan.domain
    back_to(beizhan)
    before = state()

    response = with_minle_session.post(
        "/staff/members/import/", {"file": upload(REGISTER), "action": "import"}
    )

    assert response.status_code == 302 and "/login/" in response["Location"]
    back_to(beizhan)
    assert state() == before


def test_a_large_import_shows_its_progress_as_it_goes(world, beizhan):
    client = client_of(beizhan, world.cast.admin)

    response = client.post("/staff/members/import/", {"file": upload(register_of(2500)), "action": "import"})

    text = page_text(response)
    assert response.streaming
    bars = [line for line in text.split("<progress")[1:]]
    assert [bar.split(">", 1)[0] for bar in bars] == [
        ' value="1000" max="2500"',
        ' value="2000" max="2500"',
        ' value="2500" max="2500"',
    ]
    assert 'data-created="2500"' in text and text.rstrip().endswith("</html>")
    back_to(beizhan)
    assert Member.objects.filter(member_number__gte=1000).count() == 2500
    assert world.minle_untouched()


def test_an_import_the_browser_leaves_mid_way_writes_nothing(world, beizhan):
    client = client_of(beizhan, world.cast.admin)
    back_to(beizhan)
    before = state()

    response = client.post("/staff/members/import/", {"file": upload(register_of(2500)), "action": "import"})
    chunks = iter(response.streaming_content)
    next(chunks)  # the page's top
    next(chunks)  # the first thousand written, inside the import's transaction
    # the browser went away: the stream is closed mid-way (through the test client's own wrapper, which
    # closes the response as a server does, without dropping the test's transaction)
    response._iterator.close()

    back_to(beizhan)
    assert state() == before
