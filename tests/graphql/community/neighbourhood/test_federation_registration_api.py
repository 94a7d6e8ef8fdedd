"""registerOrganisationInFederation through the community API (issue 13): the organisation joins the
street office's federation and reads its link back; the codes of a refusal; Minle neither sees nor
registers Beizhan's organisation."""

from django_tenants.utils import schema_context

from sharepool.platform.federation.models import FederatedOrganisation
from sharepool.tenants.neighbourhood.models import CommunityOrganisation
from tests.graphql.conftest import add_member, gql, token_for

REGISTER = """mutation ($input: OrganisationInput!) {
  registerCommunityOrganisation(input: $input) { organisation { id } errors { code } } }"""
JOIN = """mutation ($id: ID!, $d: String = "") {
  registerOrganisationInFederation(id: $id, description: $d) {
    organisation { name federatedOrganisation { name kind verified } } errors { field code } } }"""


def test_a_worker_registers_an_organisation_in_the_federation_and_a_second_time_is_refused(beizhan, minle):
    # given
    worker = token_for(beizhan.schema_name, add_member(beizhan.schema_name, "shegong", role="worker"))
    resident = token_for(beizhan.schema_name, add_member(beizhan.schema_name, "jumin"))
    theirs = token_for(minle.schema_name, add_member(minle.schema_name, "minle-shegong", role="worker"))
    created = gql(
        beizhan.domain,
        REGISTER,
        {"input": {"name": "北站社区读书会", "kind": "CULTURE_SPORTS"}},
        token=worker,
    ).json()["data"]["registerCommunityOrganisation"]["organisation"]["id"]

    # when
    by_resident = gql(beizhan.domain, JOIN, {"id": created}, token=resident).json()
    from_minle = gql(minle.domain, JOIN, {"id": created}, token=theirs).json()
    joined = gql(beizhan.domain, JOIN, {"id": created, "d": "每月共读一本书"}, token=worker).json()
    again = gql(beizhan.domain, JOIN, {"id": created}, token=worker).json()

    # then
    assert [e["code"] for e in by_resident["data"]["registerOrganisationInFederation"]["errors"]] == [
        "permission_denied"
    ]
    assert from_minle["data"]["registerOrganisationInFederation"]["errors"] == [
        {"field": "id", "code": "organisation_not_found"}
    ]
    assert joined["data"]["registerOrganisationInFederation"] == {
        "organisation": {
            "name": "北站社区读书会",
            "federatedOrganisation": {
                "name": "北站社区读书会",
                "kind": "social_culture_sports",
                "verified": False,
            },
        },
        "errors": [],
    }
    assert again["data"]["registerOrganisationInFederation"]["errors"] == [
        {"field": "id", "code": "already_in_federation"}
    ]
    assert list(FederatedOrganisation.objects.values_list("name", "description")) == [
        ("北站社区读书会", "每月共读一本书")
    ]
    with schema_context(minle.schema_name):
        assert CommunityOrganisation.objects.count() == 0
