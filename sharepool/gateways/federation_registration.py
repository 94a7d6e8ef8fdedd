"""A community registers one of its organisations in its street office's federation (issue 13).

The neighbourhood (`tenants.neighbourhood`) calls this in its own transaction: the federation's
`do_register_organisation` runs as the community's worker, writes the public rows and the platform's audit
row, and plain data comes back. A refusal rolls back with the caller's transaction, so neither side keeps
half of it. The community's kinds of organisation map one to one onto the federation's.
"""

from dataclasses import dataclass

from sharepool.gateways.federated_organisations import FederatedOrganisationCard
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.actors import community_worker_actor
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import FederatedOrganisation
from sharepool.platform.federation.organisations import do_register_organisation

K = FederatedOrganisation.Kind
# CommunityOrganisation.Kind (tenants.neighbourhood.models) -> FederatedOrganisation.Kind
FEDERATION_KINDS: dict[str, str] = {
    "co_governance": K.SOCIAL_CO_GOVERNANCE,
    "service": K.SOCIAL_SERVICE,
    "culture_sports": K.SOCIAL_CULTURE_SPORTS,
    "party_branch": K.PARTY_BRANCH,
    "resident_unit": K.RESIDENT_UNIT,
}


class NameTakenInFederation(Exception):
    """The street office's federation has an organisation of this name already."""


@dataclass(frozen=True)
class Registrant:
    """The community worker registering, as the federation's audit trail names them."""

    member_id: int
    display_name: str


def register_in_federation(
    *, community_schema: str, registrant: Registrant, name: str, kind: str, description: str = ""
) -> FederatedOrganisationCard:
    """A new organisation of the federation, at home in this community; raises NameTakenInFederation."""
    community_id = Community.objects.filter(schema_name=community_schema).values_list("id", flat=True).get()
    actor = community_worker_actor(
        community_id=community_id, member_id=registrant.member_id, display_name=registrant.display_name
    )
    try:
        organisation = do_register_organisation(
            actor=actor, name=name, kind=FEDERATION_KINDS[kind], description=description
        )
    except FederationError as error:
        if error.code == FederationErrorCode.NAME_TAKEN:
            raise NameTakenInFederation(name) from None
        raise
    return FederatedOrganisationCard(
        id=organisation.id, name=organisation.name, kind=organisation.kind, verified=organisation.verified
    )
