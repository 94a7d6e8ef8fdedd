"""Appointments from the console (issue 13: "an admin appoints workers, coordinators and building heads
and removes them, each change audited"), through assignRole's domain function."""

from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import Building, BuildingHead, Estate, MemberStanding
from tests.web.pages import back_to, client_of
from tests.web.staff.conftest import members_state


def heads() -> list[tuple]:
    return sorted(BuildingHead.objects.values_list("member_id", "until"))


def test_the_admin_appoints_a_coordinator_and_a_building_head_and_removes_them(world, beizhan, minle):
    # given: the admin; 创业花园 1栋 and 2栋
    cast = world.cast
    estate = Estate.objects.create(name="创业花园", kind="urban_village")
    buildings = [Building.objects.create(estate=estate, name=f"{n}栋") for n in (1, 2)]
    admin = client_of(beizhan, cast.admin)
    path = f"/staff/members/{cast.alice.id}/role/"

    # when: Alice made coordinator, then building head of both buildings, then removed as coordinator
    member_page = admin.get(f"/staff/members/{cast.alice.id}/").content.decode()
    form = admin.get(path).content.decode()
    coordinator = admin.post(path, {"role": "coordinator"})
    head = admin.post(path, {"role": "building_head", "buildingIds": [b.id for b in buildings]})
    removed = admin.post(path, {"role": "coordinator", "remove": "on"})
    shown = admin.get(f"/staff/members/{cast.alice.id}/").content.decode()
    back_to(beizhan)

    # then
    assert "任免" in member_page and "创业花园 2栋" in form
    assert coordinator.status_code == head.status_code == removed.status_code == 302
    alice = Member.objects.get(id=cast.alice.id)
    assert alice.role == "resident"
    term = BuildingHead.objects.get(member=alice, until__isnull=True)
    assert sorted(term.buildings.values_list("name", flat=True)) == ["1栋", "2栋"]
    assert CommunityAuditEntry.objects.filter(subject_id=str(alice.id)).count() == 3
    assert "任免已记录。" in shown
    assert world.minle_untouched()


def test_a_refused_appointment_is_shown_and_changes_nothing(world, beizhan):
    # given: a worker (no right to appoint) and the admin
    cast = world.cast
    admin = client_of(beizhan, cast.admin)
    worker = client_of(beizhan, cast.worker)
    path = f"/staff/members/{cast.alice.id}/role/"
    before, heads_before = members_state(), heads()

    # when
    not_admin = worker.post(path, {"role": "coordinator"})
    no_buildings = admin.post(path, {"role": "building_head"})
    own = admin.post(f"/staff/members/{cast.admin.id}/role/", {"role": "worker"})
    back_to(beizhan)

    # then
    assert not_admin.status_code == 403
    assert no_buildings.context["form"].errors["buildingIds"] == ["请列出负责的楼栋。"]
    assert own.context["form"].non_field_errors() == ["你的角色须由另一位管理员变更。"]
    assert members_state() == before and heads() == heads_before


def test_a_worker_records_an_in_service_party_member_and_the_figures_count_them(world, beizhan, minle):
    # given: a worker; Bob lives here and his party branch is at his workplace
    cast = world.cast
    worker = client_of(beizhan, cast.worker)
    path = f"/staff/members/{cast.bob.id}/standing/"

    # when: refused without the day he reported in, then recorded with it
    member_page = worker.get(f"/staff/members/{cast.bob.id}/").content.decode()
    before = members_state()
    refused = worker.post(path, {"party": "in_service"})
    unchanged = members_state() == before and not MemberStanding.objects.exists()
    saved = worker.post(path, {"party": "in_service", "reportedInOn": "2019-03-01"})
    figures = client_of(beizhan, cast.carol).get("/stats/").content.decode()
    back_to(beizhan)

    # then
    assert "社区身份" in member_page
    assert refused.status_code == 200 and refused.context["form"].errors["reportedInOn"]
    assert unchanged
    assert saved.status_code == 302
    standing = MemberStanding.objects.get(member=cast.bob)
    assert (standing.party, standing.reported_in_on.isoformat()) == ("in_service", "2019-03-01")
    assert 'data-category="in_service_party_members">1<' in figures
    assert world.minle_untouched()
