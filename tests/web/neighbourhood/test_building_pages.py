"""Workers add buildings and confirm those made from members' free text (createBuilding, confirmBuilding,
issue 13: "unknown texts become buildings to confirm"); refusals in Chinese, nothing written; residents
and another community cannot."""

from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import Building, Estate
from tests.web.pages import back_to, client_of


def buildings() -> list[tuple]:
    return list(
        Building.objects.order_by("id").values_list("estate__name", "name", "to_confirm", "households")
    )


def test_a_worker_confirms_a_building_from_free_text_and_adds_one(world, beizhan, minle):
    # given: 创业花园 with 1栋; Alice wrote "创业花园一栋" and Bob "创业3栋", both to confirm
    estate = Estate.objects.create(name="创业花园", kind="urban_village")
    first = Building.objects.create(estate=estate, name="1栋")
    typed = Building.objects.create(name="创业花园一栋", to_confirm=True)
    other = Building.objects.create(name="创业3栋", to_confirm=True)
    Member.objects.filter(id=world.cast.alice.id).update(building=typed)
    Member.objects.filter(id=world.cast.bob.id).update(building=other)
    worker = client_of(beizhan, world.cast.worker)

    # when: the first is the listed 1栋; the second becomes 3栋 with 24 households; 4栋 is added
    listed = worker.get("/buildings/").content.decode()
    merged = worker.post(f"/buildings/{typed.id}/confirm/", {"estateId": estate.id, "name": "1栋"})
    renamed = worker.post(
        f"/buildings/{other.id}/confirm/", {"estateId": estate.id, "name": "3栋", "households": 24}
    )
    added = worker.post("/buildings/new/", {"estateId": estate.id, "name": "4栋"})
    back_to(beizhan)

    # then
    assert "data-confirm-building" in listed and "添加楼栋" in listed
    assert merged.status_code == renamed.status_code == added.status_code == 302
    assert buildings() == [
        ("创业花园", "1栋", False, None),
        ("创业花园", "3栋", False, 24),
        ("创业花园", "4栋", False, None),
    ]
    assert Member.objects.get(id=world.cast.alice.id).building_id == first.id
    assert Member.objects.get(id=world.cast.bob.id).building_id == other.id
    assert world.minle_untouched()


def test_refusals_are_shown_in_chinese_and_residents_and_other_communities_cannot(world, beizhan, minle):
    # given
    estate = Estate.objects.create(name="创业花园", kind="urban_village")
    Building.objects.create(estate=estate, name="1栋")
    typed = Building.objects.create(name="一栋", to_confirm=True)
    worker = client_of(beizhan, world.cast.worker)
    resident = client_of(beizhan, world.cast.alice)
    with schema_context(minle.schema_name):
        minle_worker = client_of(minle, world.minle.worker)
    back_to(beizhan)
    before = buildings()

    # when
    taken = worker.post("/buildings/new/", {"estateId": estate.id, "name": "1栋"})
    negative = worker.post(
        f"/buildings/{typed.id}/confirm/", {"estateId": estate.id, "name": "2栋", "households": -1}
    )
    by_resident = resident.post("/buildings/new/", {"estateId": estate.id, "name": "5栋"})
    elsewhere = minle_worker.post(f"/buildings/{typed.id}/confirm/", {"estateId": estate.id, "name": "2栋"})
    back_to(beizhan)

    # then
    assert taken.context["form"].errors["name"] == ["该名称已被使用。"]
    assert negative.context["form"].errors["households"]
    assert by_resident.status_code == 403 and elsewhere.status_code == 404
    assert buildings() == before
