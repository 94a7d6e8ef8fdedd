"""Neighbourhood operations (issue 13). Each one: declared permissions, arguments, one domain call."""

import base64
import binascii

import graphene

from sharepool.graphql.community.members.types import MemberType
from sharepool.graphql.community.neighbourhood.types import (
    BuildingType,
    CollectiveKind,
    CommunityOrganisationType,
    EstateKind,
    EstateType,
    MemberStandingType,
    OrganisationKind,
    PartyMembership,
)
from sharepool.graphql.core.mutations import DomainMutation
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.neighbourhood.models import MemberStanding
from sharepool.tenants.neighbourhood.register_import import do_import_register, read_register
from sharepool.tenants.neighbourhood.services import (
    AssignableRole,
    OrganisationDetails,
    do_assign_role,
    do_confirm_building,
    do_create_building,
    do_create_estate,
    do_dissolve_community_organisation,
    do_edit_community_organisation,
    do_register_community_organisation,
    do_register_organisation_in_federation,
    do_set_member_standing,
)


def value(enum_member):
    return getattr(enum_member, "value", enum_member)


AssignableRoleEnum = graphene.Enum(
    "AssignableRole",
    [(role.upper(), role) for role in AssignableRole.ALL],
    description="What the community's admin appoints: a building head keeps their role.",
)


class AssignRole(DomainMutation):
    """The admin appoints a member (or with `remove`, removes them); every change is audited."""

    permissions = (CommunityPermission.ASSIGN_ROLES,)

    class Arguments:
        member_id = graphene.ID(required=True)
        role = AssignableRoleEnum(required=True)
        remove = graphene.Boolean(default_value=False)
        building_ids = graphene.List(
            graphene.NonNull(graphene.ID), description="For a building head: the buildings covered."
        )
        association_id = graphene.ID(description="For a building head: the building heads association.")

    member = graphene.Field(MemberType)

    @classmethod
    def perform(cls, info, member_id, role, remove, building_ids=None, association_id=None):
        member = do_assign_role(
            actor=info.context.member,
            member_id=member_id,
            role=value(role),
            remove=remove,
            building_ids=(building_ids or [])[:500],
            association_id=association_id,
        )
        return cls(member=member, errors=[])


class OrganisationInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    kind = OrganisationKind(required=True)
    registration_number = graphene.String(default_value="")
    leader = graphene.String(default_value="")
    contact = graphene.String(default_value="")
    founded = graphene.Date()
    members_count = graphene.Int()
    collective_member_id = graphene.ID(description="The organisation's collective member of the time bank.")
    federated_organisation_id = graphene.ID(description="The organisation in the platform's federation.")


def details_of(input) -> OrganisationDetails:
    return OrganisationDetails(
        name=input.name,
        kind=value(input.kind),
        registration_number=input.registration_number,
        leader=input.leader,
        contact=input.contact,
        founded=input.founded,
        members_count=input.members_count,
        collective_member_id=input.collective_member_id,
        federated_organisation_id=input.federated_organisation_id,
    )


class RegisterCommunityOrganisation(DomainMutation):
    permissions = (CommunityPermission.MANAGE_NEIGHBOURHOOD,)

    class Arguments:
        input = OrganisationInput(required=True)

    organisation = graphene.Field(CommunityOrganisationType)

    @classmethod
    def perform(cls, info, input):
        organisation = do_register_community_organisation(
            actor=info.context.member, details=details_of(input)
        )
        return cls(organisation=organisation, errors=[])


class EditCommunityOrganisation(DomainMutation):
    permissions = (CommunityPermission.MANAGE_NEIGHBOURHOOD,)

    class Arguments:
        id = graphene.ID(required=True)
        input = OrganisationInput(required=True)

    organisation = graphene.Field(CommunityOrganisationType)

    @classmethod
    def perform(cls, info, id, input):
        organisation = do_edit_community_organisation(
            actor=info.context.member, organisation_id=id, details=details_of(input)
        )
        return cls(organisation=organisation, errors=[])


class DissolveCommunityOrganisation(DomainMutation):
    permissions = (CommunityPermission.MANAGE_NEIGHBOURHOOD,)

    class Arguments:
        id = graphene.ID(required=True)
        on = graphene.Date(required=True)

    organisation = graphene.Field(CommunityOrganisationType)

    @classmethod
    def perform(cls, info, id, on):
        organisation = do_dissolve_community_organisation(
            actor=info.context.member, organisation_id=id, on=on
        )
        return cls(organisation=organisation, errors=[])


class RegisterOrganisationInFederation(DomainMutation):
    """The community's organisation joins the street office's federation in one step: a new federated
    organisation of the matching kind, at home in this community, linked back (federatedOrganisation)."""

    permissions = (CommunityPermission.MANAGE_NEIGHBOURHOOD, CommunityPermission.REPRESENT_COMMUNITY)

    class Arguments:
        id = graphene.ID(required=True)
        description = graphene.String(default_value="", description="What the federation reads about it.")

    organisation = graphene.Field(CommunityOrganisationType)

    @classmethod
    def perform(cls, info, id, description):
        organisation = do_register_organisation_in_federation(
            actor=info.context.member, organisation_id=id, description=description
        )
        return cls(organisation=organisation, errors=[])


class CreateEstate(DomainMutation):
    permissions = (CommunityPermission.MANAGE_NEIGHBOURHOOD,)

    class Arguments:
        name = graphene.String(required=True)
        kind = EstateKind(required=True)
        address = graphene.String(default_value="")

    estate = graphene.Field(EstateType)

    @classmethod
    def perform(cls, info, name, kind, address):
        estate = do_create_estate(actor=info.context.member, name=name, kind=value(kind), address=address)
        return cls(estate=estate, errors=[])


class CreateBuilding(DomainMutation):
    permissions = (CommunityPermission.MANAGE_NEIGHBOURHOOD,)

    class Arguments:
        estate_id = graphene.ID(required=True)
        name = graphene.String(required=True)
        address = graphene.String(default_value="")
        households = graphene.Int()

    building = graphene.Field(BuildingType)

    @classmethod
    def perform(cls, info, estate_id, name, address, households=None):
        building = do_create_building(
            actor=info.context.member, estate_id=estate_id, name=name, address=address, households=households
        )
        return cls(building=building, errors=[])


class ConfirmBuilding(DomainMutation):
    """A building made from free text gets its estate and proper name (or merges into the estate's own)."""

    permissions = (CommunityPermission.MANAGE_NEIGHBOURHOOD,)

    class Arguments:
        id = graphene.ID(required=True)
        estate_id = graphene.ID(required=True)
        name = graphene.String(required=True)
        households = graphene.Int()

    building = graphene.Field(BuildingType)

    @classmethod
    def perform(cls, info, id, estate_id, name, households=None):
        building = do_confirm_building(
            actor=info.context.member, building_id=id, estate_id=estate_id, name=name, households=households
        )
        return cls(building=building, errors=[])


class SetMemberStanding(DomainMutation):
    """Who a member is in the community: party membership, employer or resident unit, collective kind."""

    permissions = (CommunityPermission.MANAGE_NEIGHBOURHOOD,)

    class Arguments:
        member_id = graphene.ID(required=True)
        party = PartyMembership(default_value=MemberStanding.Party.NONE)
        reported_in_on = graphene.Date()
        employer_id = graphene.ID()
        collective_kind = CollectiveKind()

    standing = graphene.Field(MemberStandingType)

    @classmethod
    def perform(cls, info, member_id, party, reported_in_on=None, employer_id=None, collective_kind=None):
        standing = do_set_member_standing(
            actor=info.context.member,
            member_id=member_id,
            party=value(party),
            reported_in_on=reported_in_on,
            employer_id=employer_id,
            collective_kind=value(collective_kind) or "",
        )
        return cls(standing=standing, errors=[])


class RegisterProblemType(graphene.ObjectType):
    """A line of a register to correct."""

    line = graphene.Int(required=True)
    column = graphene.String(required=True, description="The column's heading in the file.")
    reason = graphene.String(required=True, description="In the request's language.")


class ImportRegister(DomainMutation):
    """Bring an existing register in (issue 14), as `manage.py import_members` and /staff/members/import/ do:
    members keep their numbers, each balance becomes one opening transfer from the community's pool. With
    problems, or `dryRun` (the default), nothing is written; importing the same file again changes nothing."""

    permissions = (CommunityPermission.APPROVE_MEMBERS, CommunityPermission.ADJUST_BALANCES)

    class Arguments:
        content = graphene.String(
            required=True, description="The file: CSV text (UTF-8), or an XLSX file in base64."
        )
        filename = graphene.String(default_value="register.csv", description="Ends in .csv or .xlsx.")
        dry_run = graphene.Boolean(default_value=True)

    created = graphene.Int(description="Members added (or that an import would add, on a dry run).")
    unchanged = graphene.Int(description="Lines whose member was already imported, left as they are.")
    minutes = graphene.Int(description="The balances carried forward, in minutes.")
    written = graphene.Boolean()
    problems = graphene.List(
        graphene.NonNull(RegisterProblemType), description="The lines to correct; null when refused."
    )

    @classmethod
    def perform(cls, info, content, filename, dry_run):
        if filename.lower().endswith(".xlsx"):
            try:
                raw = base64.b64decode(content, validate=True)
            except binascii.Error:
                raw = b""  # not base64: read_register refuses it as unreadable
        else:
            raw = content.encode()
        lines, problems = read_register(raw, filename)
        if problems:
            return cls(created=0, unchanged=0, minutes=0, written=False, problems=problems, errors=[])
        report = do_import_register(actor=info.context.member, lines=lines, dry_run=dry_run)
        return cls(
            created=report.created,
            unchanged=report.unchanged,
            minutes=report.minutes,
            written=report.written,
            problems=report.problems,
            errors=[],
        )


class NeighbourhoodMutations(graphene.ObjectType):
    import_register = ImportRegister.Field()
    assign_role = AssignRole.Field()
    register_community_organisation = RegisterCommunityOrganisation.Field()
    edit_community_organisation = EditCommunityOrganisation.Field()
    dissolve_community_organisation = DissolveCommunityOrganisation.Field()
    register_organisation_in_federation = RegisterOrganisationInFederation.Field()
    create_estate = CreateEstate.Field()
    create_building = CreateBuilding.Field()
    confirm_building = ConfirmBuilding.Field()
    set_member_standing = SetMemberStanding.Field()
