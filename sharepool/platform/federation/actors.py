"""Who is acting in the federation: plain data built once at the edge (STYLE.md 5 and 7).

- an organisation, through one of its API tokens (platform host);
- street-office staff and operators (platform host, public-schema accounts);
- community workers and residents (their community's host): the edge passes the community and the
  member's local id, never a tenant ORM object.

`FederationActor` is the union of one class per kind, each holding as an `int` the ids that kind always
has, so a check on `actor.kind` tells the type checker which ids are there (issue 11). Every actor still
answers every id, None where its kind has none: the audit trail records them all.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, Protocol


class ActorKind(StrEnum):
    OPERATOR = "operator"
    STREET_OFFICE = "street_office"
    ORGANISATION = "organisation"
    COMMUNITY_WORKER = "community_worker"
    RESIDENT = "resident"


@dataclass(frozen=True, kw_only=True)
class BaseActor:
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


@dataclass(frozen=True, kw_only=True)
class OperatorActor(BaseActor):
    kind: Literal[ActorKind.OPERATOR] = ActorKind.OPERATOR


@dataclass(frozen=True, kw_only=True)
class StreetOfficeActor(BaseActor):
    kind: Literal[ActorKind.STREET_OFFICE] = ActorKind.STREET_OFFICE
    street_office_id: int


@dataclass(frozen=True, kw_only=True)
class OrganisationActor(BaseActor):
    kind: Literal[ActorKind.ORGANISATION] = ActorKind.ORGANISATION
    organisation_id: int
    street_office_id: int  # every organisation belongs to a street office; a home community is optional


@dataclass(frozen=True, kw_only=True)
class CommunityWorkerActor(BaseActor):
    kind: Literal[ActorKind.COMMUNITY_WORKER] = ActorKind.COMMUNITY_WORKER
    community_id: int
    member_id: int


@dataclass(frozen=True, kw_only=True)
class ResidentActor(BaseActor):
    kind: Literal[ActorKind.RESIDENT] = ActorKind.RESIDENT
    community_id: int
    member_id: int


FederationActor = OperatorActor | StreetOfficeActor | OrganisationActor | CommunityWorkerActor | ResidentActor
CommunitySideActor = CommunityWorkerActor | ResidentActor


class OrganisationRow(Protocol):
    """What organisation_actor() reads of a FederatedOrganisation (the model stays out of this module)."""

    @property
    def id(self) -> int: ...
    @property
    def home_community_id(self) -> int | None: ...
    @property
    def street_office_id(self) -> int: ...
    @property
    def name(self) -> str: ...


def operator_actor(user_id: int | None = None) -> OperatorActor:
    return OperatorActor(user_id=user_id)


def street_office_actor(street_office_id: int, user_id: int | None = None) -> StreetOfficeActor:
    return StreetOfficeActor(street_office_id=street_office_id, user_id=user_id)


def organisation_actor(organisation: OrganisationRow) -> OrganisationActor:
    """From a FederatedOrganisation row (this side of the boundary) to the actor passed around."""
    return OrganisationActor(
        organisation_id=organisation.id,
        community_id=organisation.home_community_id,
        street_office_id=organisation.street_office_id,
        display_name=organisation.name,
    )


def community_worker_actor(
    *, community_id: int, member_id: int, display_name: str = ""
) -> CommunityWorkerActor:
    return CommunityWorkerActor(community_id=community_id, member_id=member_id, display_name=display_name)


def resident_actor(*, community_id: int, member_id: int, display_name: str) -> ResidentActor:
    return ResidentActor(community_id=community_id, member_id=member_id, display_name=display_name)
