"""What a community's own domain may read of the federation, as plain data (STYLE.md 6 and 7).

A tenant row names a federated organisation by id only (no foreign key into the public schema); the
community's domain reads it here, scoped to the community's street office, and gets a dataclass, never
an ORM object of the public schema. A missing organisation and one of another street office look alike.
"""

from dataclasses import dataclass

from sharepool.platform.communities.models import Community
from sharepool.platform.federation.models import FederatedOrganisation


@dataclass(frozen=True)
class FederatedOrganisationCard:
    id: int
    name: str
    kind: str
    verified: bool


def federated_organisation_card(
    *, community_schema: str, organisation_id: int
) -> FederatedOrganisationCard | None:
    street_office_id = (
        Community.objects.filter(schema_name=community_schema)
        .values_list("street_office_id", flat=True)
        .first()
    )
    if street_office_id is None:
        return None
    row = (
        FederatedOrganisation.objects.filter(id=organisation_id, street_office_id=street_office_id)
        .values_list("id", "name", "kind", "verified")
        .first()
    )
    return None if row is None else FederatedOrganisationCard(*row)


def federated_organisation_cards(
    *, community_schema: str, ids: list[int]
) -> dict[int, FederatedOrganisationCard]:
    """Several at once (a list of organisations shows each one's federation link)."""
    street_office_id = (
        Community.objects.filter(schema_name=community_schema)
        .values_list("street_office_id", flat=True)
        .first()
    )
    if street_office_id is None or not ids:
        return {}
    rows = FederatedOrganisation.objects.filter(id__in=ids, street_office_id=street_office_id).values_list(
        "id", "name", "kind", "verified"
    )
    return {row[0]: FederatedOrganisationCard(*row) for row in rows}


def federated_organisations_of(*, community_schema: str) -> list[FederatedOrganisationCard]:
    """The federation's organisations of the community's street office, by name: what a community
    organisation may be linked to."""
    street_office_id = (
        Community.objects.filter(schema_name=community_schema)
        .values_list("street_office_id", flat=True)
        .first()
    )
    if street_office_id is None:
        return []
    rows = (
        FederatedOrganisation.objects.filter(street_office_id=street_office_id)
        .order_by("name", "id")
        .values_list("id", "name", "kind", "verified")[:500]
    )
    return [FederatedOrganisationCard(*row) for row in rows]
