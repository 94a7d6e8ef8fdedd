"""Who is acting in the federation: plain data built once at the edge (STYLE.md 5 and 7).

- an organisation, through one of its API tokens (platform host);
- street-office staff and operators (platform host, public-schema accounts);
- community workers and residents (their community's host): the edge passes the community and the
  member's local id, never a tenant ORM object.
"""

from dataclasses import dataclass
from enum import StrEnum


class ActorKind(StrEnum):
    OPERATOR = "operator"
    STREET_OFFICE = "street_office"
    ORGANISATION = "organisation"
    COMMUNITY_WORKER = "community_worker"
    RESIDENT = "resident"


@dataclass(frozen=True)
class FederationActor:
    kind: ActorKind
    organisation_id: int | None = None
    # The organisation's home community, or the community whose host the request came to.
    community_id: int | None = None
    street_office_id: int | None = None
    member_id: int | None = None  # a resident's or worker's id in their community's schema
    display_name: str = ""
    user_id: int | None = None  # an operator's or street-office staff's platform account (the audit trail)

    @property
    def is_community_side(self) -> bool:
        return self.kind in (ActorKind.COMMUNITY_WORKER, ActorKind.RESIDENT)


def operator_actor(user_id: int | None = None) -> FederationActor:
    return FederationActor(kind=ActorKind.OPERATOR, user_id=user_id)


def street_office_actor(street_office_id: int, user_id: int | None = None) -> FederationActor:
    return FederationActor(kind=ActorKind.STREET_OFFICE, street_office_id=street_office_id, user_id=user_id)


def organisation_actor(organisation) -> FederationActor:
    """From a FederatedOrganisation row (this side of the boundary) to the actor passed around."""
    return FederationActor(
        kind=ActorKind.ORGANISATION,
        organisation_id=organisation.id,
        community_id=organisation.home_community_id,
        street_office_id=organisation.street_office_id,
        display_name=organisation.name,
    )


def community_worker_actor(*, community_id: int, member_id: int, display_name: str = "") -> FederationActor:
    return FederationActor(
        kind=ActorKind.COMMUNITY_WORKER,
        community_id=community_id,
        member_id=member_id,
        display_name=display_name,
    )


def resident_actor(*, community_id: int, member_id: int, display_name: str) -> FederationActor:
    return FederationActor(
        kind=ActorKind.RESIDENT, community_id=community_id, member_id=member_id, display_name=display_name
    )
