"""/buildings/ and /organisations/ (issue 13): residents read them; community workers register and edit
organisations through the domain function of registerCommunityOrganisation, refusals in Chinese."""

from django_tenants.utils import schema_context

from sharepool.tenants.neighbourhood.models import Building, BuildingHead, CommunityOrganisation, Estate
from tests.web.pages import back_to, client_of, form_errors, queries_of


def organisations() -> list[tuple]:
    return list(
        CommunityOrganisation.objects.order_by("id").values_list("name", "kind", "leader", "members_count")
    )


def test_a_worker_registers_and_edits_an_organisation_and_residents_see_it_by_kind(world, beizhan):
    # given
    worker = client_of(beizhan, world.cast.worker)
    resident = client_of(beizhan, world.cast.alice)

    # when
    registered = worker.post(
        "/organisations/new/",
        {
            "name": "北站社区出租屋楼长协会",
            "kind": "co_governance",
            "leader": "刘会长",
            "membersCount": "106",
        },
    )
    back_to(beizhan)
    organisation = CommunityOrganisation.objects.get(name="北站社区出租屋楼长协会")
    edited = worker.post(
        f"/organisations/{organisation.id}/edit/",
        {
            "name": "北站社区出租屋楼长协会",
            "kind": "co_governance",
            "leader": "刘会长",
            "membersCount": "107",
        },
    )
    worker.post("/organisations/new/", {"name": "北站舞蹈队", "kind": "culture_sports"})
    page = resident.get("/organisations/").content.decode()
    back_to(beizhan)

    # then
    assert registered.status_code == edited.status_code == 302
    assert organisations() == [
        ("北站社区出租屋楼长协会", "co_governance", "刘会长", 107),
        ("北站舞蹈队", "culture_sports", "", None),
    ]
    assert page.index("共治型社会组织") < page.index("北站社区出租屋楼长协会") < page.index("北站舞蹈队")
    assert "107 名成员" in page
    assert "登记社会组织" not in page  # residents read, workers register
    assert world.minle_untouched()


def test_a_taken_name_is_refused_in_chinese_and_a_resident_may_not_register(world, beizhan):
    # given
    CommunityOrganisation.objects.create(
        name="北站舞蹈队", kind="culture_sports", registered_by=world.cast.worker
    )
    worker = client_of(beizhan, world.cast.worker)
    resident = client_of(beizhan, world.cast.alice)
    back_to(beizhan)
    before = organisations()

    # when
    taken = worker.post("/organisations/new/", {"name": "北站舞蹈队", "kind": "service"})
    future = worker.post(
        "/organisations/new/", {"name": "新组织", "kind": "service", "founded": "2999-01-01"}
    )
    refused = resident.post("/organisations/new/", {"name": "居民自己的组织", "kind": "service"})
    back_to(beizhan)

    # then
    assert form_errors(taken) == {"name": ["该名称已被使用。"]}
    assert form_errors(future) == {"founded": ["成立日期不能在将来。"]}
    assert refused.status_code == 403
    assert organisations() == before


def test_buildings_show_their_heads_at_the_same_cost_for_two_or_twelve(world, beizhan):
    # given
    estate = Estate.objects.create(name="创业花园", kind="urban_village")
    client = client_of(beizhan, world.cast.alice)

    def building_with_head(n, member):
        building = Building.objects.create(estate=estate, name=f"{n}栋")
        term = BuildingHead.objects.create(member=member, since="2019-01-01")
        term.buildings.add(building)
        return building

    first = building_with_head(1, world.cast.bob)
    building_with_head(2, world.cast.carol)
    back_to(beizhan)
    two = queries_of(client, "/buildings/")
    back_to(beizhan)
    from tests.tenants.cast import add_member

    for n in range(3, 13):
        building_with_head(n, add_member(f"楼长{n}"))
    back_to(beizhan)

    # when
    twelve = queries_of(client, "/buildings/")
    page = client.get("/buildings/").content.decode()
    detail = client.get(f"/buildings/{first.id}/").content.decode()
    searched = client.get("/buildings/?search=12栋").context["page"].object_list

    # then
    assert two == twelve
    assert "创业花园 1栋" in page and "刘师傅" in page and "楼长12" in page
    assert "刘师傅" in detail and "2019-01-01 起" in detail and "暂无涉及本楼栋的决议。" in detail
    assert [b.name for b in searched] == ["12栋"]


def test_another_community_sees_none_of_these_buildings_or_organisations(world, beizhan, minle):
    # given
    estate = Estate.objects.create(name="创业花园", kind="urban_village")
    building = Building.objects.create(estate=estate, name="1栋")
    organisation = CommunityOrganisation.objects.create(
        name="北站舞蹈队", kind="culture_sports", registered_by=world.cast.worker
    )
    with schema_context(minle.schema_name):
        minle_worker = client_of(minle, world.minle.worker)

    # when
    listed = (
        minle_worker.get("/buildings/").content.decode()
        + minle_worker.get("/organisations/").content.decode()
    )
    detail = minle_worker.get(f"/buildings/{building.id}/")
    edit = minle_worker.post(f"/organisations/{organisation.id}/edit/", {"name": "改名", "kind": "service"})
    back_to(beizhan)

    # then
    assert "创业花园" not in listed and "北站舞蹈队" not in listed
    assert detail.status_code == edit.status_code == 404
    assert CommunityOrganisation.objects.get(id=organisation.id).name == "北站舞蹈队"
