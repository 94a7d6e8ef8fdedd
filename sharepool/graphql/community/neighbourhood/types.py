"""Estates, buildings, building heads and organisations of the community through the API (issue 13)."""

import graphene
from django.db import connection
from django.utils import timezone

from sharepool.gateways.federated_organisations import federated_organisation_card
from sharepool.graphql.community.neighbourhood.loaders import (
    BuildingsByHeadTermLoader,
    CurrentHeadsByBuildingLoader,
    EstateByIdLoader,
)
from sharepool.graphql.community.timebank.types import member_field
from sharepool.tenants.neighbourhood.models import CommunityOrganisation, Estate, MemberStanding
from sharepool.tenants.neighbourhood.reads import in_service_tally
from sharepool.tenants.neighbourhood.services import in_service_minutes

EstateKind = graphene.Enum.from_enum(Estate.Kind, name="EstateKind")
OrganisationKind = graphene.Enum.from_enum(
    CommunityOrganisation.Kind,
    name="CommunityOrganisationKind",
    description="The seed's three kinds of social organisation, party branches and resident units.",
)
OrganisationStatus = graphene.Enum.from_enum(CommunityOrganisation.Status, name="CommunityOrganisationStatus")
PartyMembership = graphene.Enum.from_enum(MemberStanding.Party, name="PartyMembership")
CollectiveKind = graphene.Enum(
    "CollectiveKind",
    [(value.upper(), value) for value in MemberStanding.CollectiveKind.values if value],
    description="What kind of body a collective member is.",
)


class EstateType(graphene.ObjectType):
    class Meta:
        name = "Estate"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    kind = EstateKind(required=True)
    address = graphene.String(required=True)


class BuildingType(graphene.ObjectType):
    class Meta:
        name = "Building"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    address = graphene.String(required=True)
    households = graphene.Int()
    to_confirm = graphene.Boolean(
        required=True, description="Made from a member's free text; a community worker confirms it."
    )
    estate = graphene.Field(EstateType)
    heads = graphene.List(
        graphene.NonNull(lambda: BuildingHeadType), required=True, description="Its current building heads."
    )

    @staticmethod
    def resolve_estate(building, info):
        return (
            None
            if building.estate_id is None
            else info.context.loader(EstateByIdLoader).load(building.estate_id)
        )

    @staticmethod
    def resolve_heads(building, info):
        return info.context.loader(CurrentHeadsByBuildingLoader).load(building.id)


class BuildingHeadType(graphene.ObjectType):
    class Meta:
        name = "BuildingHead"

    id = graphene.ID(required=True)
    member = graphene.Field("sharepool.graphql.community.members.types.MemberType", required=True)
    buildings = graphene.List(graphene.NonNull(BuildingType), required=True)
    since = graphene.Date(required=True)
    until = graphene.Date(description="Null while they are building head.")
    association_id = graphene.ID(description="The building heads association they belong to.")

    resolve_member = staticmethod(member_field("member_id"))

    @staticmethod
    def resolve_buildings(term, info):
        return info.context.loader(BuildingsByHeadTermLoader).load(term.id)


class FederatedOrganisationLink(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    kind = graphene.String(required=True)
    verified = graphene.Boolean(required=True)


class CommunityOrganisationType(graphene.ObjectType):
    class Meta:
        name = "CommunityOrganisation"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    kind = OrganisationKind(required=True)
    registration_number = graphene.String(required=True)
    leader = graphene.String(required=True)
    contact = graphene.String(required=True)
    founded = graphene.Date()
    members_count = graphene.Int()
    status = OrganisationStatus(required=True)
    dissolved_on = graphene.Date()
    collective_member = graphene.Field(
        "sharepool.graphql.community.members.types.MemberType",
        description="The organisation as a collective member of the time bank.",
    )
    federated_organisation = graphene.Field(
        FederatedOrganisationLink,
        description="The organisation in the platform's federation, when it joined.",
    )

    resolve_collective_member = staticmethod(member_field("collective_member_id"))

    @staticmethod
    def resolve_federated_organisation(organisation, info):
        if organisation.federated_organisation_id is None:
            return None
        card = federated_organisation_card(
            community_schema=connection.schema_name, organisation_id=organisation.federated_organisation_id
        )
        return None if card is None else FederatedOrganisationLink(**card.__dict__)


class MemberStandingType(graphene.ObjectType):
    class Meta:
        name = "MemberStanding"

    party = PartyMembership(required=True)
    reported_in_on = graphene.Date(description="在职党员报到: when an in-service party member reported in.")
    in_service_minutes = graphene.Int(
        description="An in-service party member's served minutes since they reported in: their own tally."
    )
    in_service_minutes_this_year = graphene.Int(
        description="Of those, the minutes served this year (the member's page shows both)."
    )
    employer = graphene.Field(CommunityOrganisationType, description="Their employer or resident unit.")
    collective_kind = graphene.Field(CollectiveKind)

    @staticmethod
    def resolve_in_service_minutes(standing, info):
        if standing.party != MemberStanding.Party.IN_SERVICE:
            return None
        return in_service_minutes([standing.member_id]).get(standing.member_id, 0)

    @staticmethod
    def resolve_in_service_minutes_this_year(standing, info):
        tally = in_service_tally(standing, year_start=timezone.localdate().replace(month=1, day=1))
        return None if tally is None else tally.minutes_this_year

    @staticmethod
    def resolve_employer(standing, info):
        return standing.employer

    @staticmethod
    def resolve_collective_kind(standing, info):
        return standing.collective_kind or None
