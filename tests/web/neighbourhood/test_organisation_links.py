"""An organisation joins the time bank as a collective member and links to the federation's organisation
of its street office, from its page (issue 13); another street office's organisation is not offered and
cannot be posted, nothing written."""

from django.db import connection

from sharepool.platform.communities.models import Community, StreetOffice
from sharepool.platform.federation.models import FederatedOrganisation
from sharepool.tenants.neighbourhood.models import CommunityOrganisation
from tests.web.pages import back_to, client_of


def links() -> list[tuple]:
    return list(
        CommunityOrganisation.objects.order_by("id").values_list(
            "name", "collective_member_id", "federated_organisation_id"
        )
    )


def test_a_worker_links_an_organisation_to_a_collective_member_and_the_federation(world, beizhan, minle):
    # given: the property-management office is a collective member; one federated organisation of the
    # street office, one of another
    community = Community.objects.get(schema_name=beizhan.schema_name)
    ours = FederatedOrganisation.objects.create(
        name="深圳北车站党委", kind="party_committee", street_office=community.street_office
    )
    elsewhere = FederatedOrganisation.objects.create(
        name="别处的组织", kind="school", street_office=StreetOffice.objects.create(name="龙华街道")
    )
    connection.set_tenant(community)
    worker = client_of(beizhan, world.cast.worker)
    office = world.cast.office

    # when
    form = worker.get("/organisations/new/").content.decode()
    back_to(beizhan)
    before = links()
    refused = worker.post(
        "/organisations/new/",
        {"name": "别处", "kind": "resident_unit", "federatedOrganisationId": elsewhere.id},
    )
    back_to(beizhan)
    unchanged = links() == before
    linked = worker.post(
        "/organisations/new/",
        {
            "name": "北站物业服务中心",
            "kind": "resident_unit",
            "collectiveMemberId": office.id,
            "federatedOrganisationId": ours.id,
        },
    )
    back_to(beizhan)

    # then
    assert "深圳北车站党委" in form and "别处的组织" not in form and office.display_name in form
    assert refused.status_code == 200 and refused.context["form"].errors["federatedOrganisationId"]
    assert unchanged
    assert linked.status_code == 302
    assert links()[-1] == ("北站物业服务中心", office.id, ours.id)
    assert world.minle_untouched()
