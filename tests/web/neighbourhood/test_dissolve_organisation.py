"""A community worker dissolves an organisation from its page (dissolveCommunityOrganisation, issue 13):
it stays listed, marked dissolved; a second dissolution is refused in Chinese, nothing written; a
resident and another community's worker cannot."""

from django_tenants.utils import schema_context

from sharepool.tenants.neighbourhood.models import CommunityOrganisation
from tests.web.pages import back_to, client_of


def statuses() -> list[tuple]:
    return list(CommunityOrganisation.objects.order_by("id").values_list("name", "status", "dissolved_on"))


def test_a_worker_dissolves_an_organisation_and_it_stays_listed_as_dissolved(world, beizhan, minle):
    # given
    organisation = CommunityOrganisation.objects.create(
        name="北站舞蹈队", kind="culture_sports", registered_by=world.cast.worker
    )
    worker = client_of(beizhan, world.cast.worker)
    resident = client_of(beizhan, world.cast.alice)
    with schema_context(minle.schema_name):
        minle_worker = client_of(minle, world.minle.worker)
    path = f"/organisations/{organisation.id}/dissolve/"

    # when
    form = worker.get(f"/organisations/{organisation.id}/edit/").content.decode()
    back_to(beizhan)
    before = statuses()
    by_resident = resident.post(path, {"on": "2020-06-30"})
    elsewhere = minle_worker.post(path, {"on": "2020-06-30"})
    back_to(beizhan)
    untouched = statuses() == before
    dissolved = worker.post(path, {"on": "2020-06-30"})
    back_to(beizhan)
    after = statuses()
    again = worker.post(path, {"on": "2020-07-01"})
    listed = resident.get("/organisations/").content.decode()
    back_to(beizhan)

    # then
    assert "注销该组织" in form
    assert by_resident.status_code == 403 and elsewhere.status_code == 404 and untouched
    assert dissolved.status_code == 302
    assert [(name, status, on.isoformat()) for name, status, on in after] == [
        ("北站舞蹈队", "dissolved", "2020-06-30")
    ]
    assert again.status_code == 200 and again.context["dissolve_form"].non_field_errors()
    assert statuses() == after
    assert "北站舞蹈队" in listed
    assert world.minle_untouched()
