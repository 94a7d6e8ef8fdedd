"""/staff/members/: search by name, member number, building or phone; a member's page with history (issue 14)."""

from django_tenants.utils import schema_context

from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.services import community_pool, do_transfer, member_account_id
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import Building, Estate
from tests.tenants.cast import give
from tests.web.pages import back_to, client_of, queries_of
from tests.web.staff.conftest import applicant


def lives_in(member: Member, building_name: str, phone: str) -> None:
    estate = Estate.objects.get_or_create(name="北站小区", defaults={"kind": Estate.Kind.values[0]})[0]
    building = Building.objects.get_or_create(estate=estate, name=building_name)[0]
    Member.objects.filter(id=member.id).update(building=building, phone=phone)


def found(response) -> list[str]:
    return [member.display_name for member in response.context["page"].object_list]


def test_a_worker_finds_members_by_name_number_building_and_phone(world, beizhan):
    # given
    cast = world.cast
    lives_in(cast.alice, "3栋", "13900001111")
    lives_in(cast.bob, "5栋", "13900002222")
    client = client_of(beizhan, cast.worker)

    # when / then
    assert found(client.get("/staff/members/", {"q": "张阿"})) == ["张阿姨"]
    assert found(client.get("/staff/members/", {"q": str(cast.bob.member_number)})) == ["刘师傅"]
    assert found(client.get("/staff/members/", {"q": "3栋"})) == ["张阿姨"]
    assert found(client.get("/staff/members/", {"q": "2222"})) == ["刘师傅"]
    page = client.get("/staff/members/", {"q": "张阿"})
    assert "13900001111" in page.text  # in full for a worker
    assert found(client.get("/staff/members/", {"q": "没有这个人"})) == []


def test_a_coordinator_sees_masked_phones_and_cannot_search_by_phone(world, beizhan):
    lives_in(world.cast.alice, "3栋", "13900001111")
    client = client_of(beizhan, world.cast.coordinator)

    page = client.get("/staff/members/", {"q": "张阿"})

    assert page.status_code == 200
    assert "139****1111" in page.text
    assert "13900001111" not in page.text
    assert found(client.get("/staff/members/", {"q": "0000111"})) == []
    assert client.get(f"/staff/members/{world.cast.alice.id}/").status_code == 403


def test_applicants_are_found_by_workers_only(world, beizhan):
    applicant("周敏")

    by_worker = client_of(beizhan, world.cast.worker).get("/staff/members/", {"q": "周敏"})
    by_coordinator = client_of(beizhan, world.cast.coordinator).get("/staff/members/", {"q": "周敏"})

    assert found(by_worker) == ["周敏"]
    assert found(by_coordinator) == []


def test_a_resident_is_refused_search_and_member_pages(world, beizhan):
    client = client_of(beizhan, world.cast.alice)

    assert client.get("/staff/members/").status_code == 403
    assert client.get(f"/staff/members/{world.cast.bob.id}/").status_code == 403


def test_the_member_page_shows_the_account_and_pages_the_history(world, beizhan):
    # given: 25 movements on Alice's account
    alice = world.cast.alice
    lives_in(alice, "3栋", "13900001111")
    for _ in range(25):
        give(alice, 30)
    client = client_of(beizhan, world.cast.worker)

    # when
    first = client.get(f"/staff/members/{alice.id}/")
    second = client.get(f"/staff/members/{alice.id}/", {"tab": "transfers", "page": 2})

    # then
    assert first.status_code == 200
    assert 'data-figure="balance">12.5 小时<' in first.text
    assert "13900001111" in first.text
    assert first.text.count("data-transfer=") == 20
    assert second.text.count("data-transfer=") == 5
    assert 'page=2" rel="next"' in first.text


def test_the_member_page_shows_the_approval_in_its_audit_tab(world, beizhan):
    lihua = applicant("李华")
    client = client_of(beizhan, world.cast.worker)
    client.post(f"/staff/approvals/{lihua.id}/approve/")

    page = client.get(f"/staff/members/{lihua.id}/", {"tab": "audit"})

    assert 'data-audit="member_approved"' in page.text
    assert "入会已批准" in page.text
    assert world.cast.worker.display_name in page.text


def test_the_member_page_names_who_approved_them(world, beizhan):
    # given: the worker approved 李华
    lihua = applicant("李华")
    client_of(beizhan, world.cast.worker).post(f"/staff/approvals/{lihua.id}/approve/")

    # when: the admin opens her page
    page = client_of(beizhan, world.cast.admin).get(f"/staff/members/{lihua.id}/")

    # then
    assert page.context["approved_by"] == world.cast.worker
    assert f'data-approved-by="{world.cast.worker.id}"' in page.text
    assert world.minle_untouched()


def test_another_communitys_member_has_no_page_here(world, beizhan, minle):
    with schema_context(minle.schema_name):
        stranger = applicant("外人")
    back_to(beizhan)
    client = client_of(beizhan, world.cast.worker)

    assert found(client.get("/staff/members/", {"q": "外人"})) == []
    response = client.get(f"/staff/members/{stranger.id}/")
    assert response.status_code == 404 or "外人" not in response.text


def test_search_and_member_pages_take_the_same_queries_for_few_or_many_rows(world, beizhan):
    alice = world.cast.alice
    client = client_of(beizhan, world.cast.worker)
    paths = [
        "/staff/members/",
        f"/staff/members/{alice.id}/?tab=transfers",
        f"/staff/members/{alice.id}/?tab=exchanges",
        f"/staff/members/{alice.id}/?tab=activities",
        f"/staff/members/{alice.id}/?tab=audit",
    ]
    give(alice, 30)
    few = [queries_of(client, path) for path in paths]
    back_to(beizhan)
    for i in range(15):
        applicant(f"申请人{i}")
        give(alice, 30)
    do_transfer(
        idempotency_key="more",
        debit_account_id=member_account_id(alice.id),
        credit_account_id=community_pool().id,
        amount=30,
        kind=Transfer.Kind.ADJUSTMENT,
        memo="多记了半小时",
    )

    many = [queries_of(client, path) for path in paths]

    assert many == few
