"""From an organisation's page, a worker registers it in the street office's federation in one step
(registerOrganisationInFederation, issue 13); a refusal comes back in Chinese and writes nothing."""

from django_tenants.utils import schema_context

from sharepool.platform.federation.models import FederatedOrganisation
from sharepool.tenants.neighbourhood.models import CommunityOrganisation
from sharepool.tenants.neighbourhood.services import (
    OrganisationDetails,
    do_register_community_organisation,
    do_register_organisation_in_federation,
)
from tests.web.pages import back_to, client_of, form_errors


def organisation(worker, name: str) -> CommunityOrganisation:
    return do_register_community_organisation(
        actor=worker, details=OrganisationDetails(name=name, kind=CommunityOrganisation.Kind.SERVICE)
    )


def test_a_worker_registers_the_organisation_in_the_federation_from_its_page(world, beizhan):
    volunteers = organisation(world.cast.worker, "北站社区志愿者协会")
    client = client_of(beizhan, world.cast.worker)
    page = f"/organisations/{volunteers.id}/edit/"

    before = client.get(page).content.decode()
    response = client.post(f"/organisations/{volunteers.id}/federation/", {"description": "志愿服务"})
    after = client.get(page).content.decode()

    back_to(beizhan)
    linked = CommunityOrganisation.objects.get(id=volunteers.id).federated_organisation_id
    assert "data-register-in-federation" in before and "登记加入街道联盟" in before
    assert response.status_code == 302 and response["Location"] == page
    assert FederatedOrganisation.objects.get(id=linked).name == "北站社区志愿者协会"
    assert "data-register-in-federation" not in after and "该组织已在街道联盟中登记。" in after
    assert world.minle_untouched()


def test_a_name_taken_in_the_federation_comes_back_in_chinese_and_nothing_is_written(world, beizhan):
    with schema_context(world.minle_schema):
        theirs = organisation(world.minle.worker, "志愿者协会")
        do_register_organisation_in_federation(actor=world.minle.worker, organisation_id=theirs.id)
    ours = organisation(world.cast.worker, "志愿者协会")
    client = client_of(beizhan, world.cast.worker)

    response = client.post(f"/organisations/{ours.id}/federation/", {"description": ""})

    back_to(beizhan)
    assert response.status_code == 400
    assert form_errors(response, "federation_form") == {
        "__all__": ["街道联盟中已有同名组织：请改为关联到该组织。"]
    }
    assert FederatedOrganisation.objects.count() == 1
    assert CommunityOrganisation.objects.get(id=ours.id).federated_organisation_id is None


def test_a_resident_or_another_community_cannot_register_it(world, beizhan, minle):
    ours = organisation(world.cast.worker, "北站社区志愿者协会")
    resident = client_of(beizhan, world.cast.alice)

    refused = resident.post(f"/organisations/{ours.id}/federation/", {"description": ""})
    back_to(minle)
    elsewhere = client_of(minle, world.minle.worker).post(f"/organisations/{ours.id}/federation/", {})

    back_to(beizhan)
    assert (refused.status_code, elsewhere.status_code) == (403, 404)
    assert FederatedOrganisation.objects.count() == 0
    assert CommunityOrganisation.objects.get(id=ours.id).federated_organisation_id is None
