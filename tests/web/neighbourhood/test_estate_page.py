"""/buildings/estates/new/: a worker adds an estate, then its buildings (createEstate, issue 13)."""

from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.neighbourhood.models import Estate
from tests.web.pages import back_to, client_of


def test_a_worker_adds_an_urban_village(world, beizhan):
    client = client_of(beizhan, world.cast.worker)
    assert "小区或城中村名称" in client.get("/buildings/estates/new/").content.decode()

    response = client.post(
        "/buildings/estates/new/", {"name": "北站新村", "kind": "urban_village", "address": "民治街道"}
    )

    back_to(beizhan)
    assert response.status_code == 302 and response["Location"] == "/buildings/new/"
    assert Estate.objects.filter(name="北站新村", kind="urban_village").exists()
    assert CommunityAuditEntry.objects.filter(action="estate_created").count() == 1
    assert world.minle_untouched()


def test_a_taken_name_is_refused_and_a_resident_may_not_add(world, beizhan):
    Estate.objects.create(name="北站新村", kind="urban_village")
    worker, resident = client_of(beizhan, world.cast.worker), client_of(beizhan, world.cast.alice)
    back_to(beizhan)

    taken = worker.post("/buildings/estates/new/", {"name": "北站新村", "kind": "gated"})
    refused = resident.post("/buildings/estates/new/", {"name": "龙华花园", "kind": "gated"})

    assert taken.status_code == 400 and "该名称已被使用" in taken.content.decode()
    assert refused.status_code == 403
    back_to(beizhan)
    assert list(Estate.objects.values_list("name", flat=True)) == ["北站新村"]
    assert world.minle_untouched()
