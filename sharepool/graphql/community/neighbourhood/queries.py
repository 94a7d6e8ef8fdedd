import graphene

from sharepool.graphql.community.neighbourhood.types import (
    BuildingHeadType,
    BuildingType,
    CommunityOrganisationType,
    EstateType,
    OrganisationKind,
    OrganisationStatus,
)
from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import requires
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.neighbourhood import reads

BuildingPage = page_type(BuildingType, "BuildingPage")
BuildingHeadPage = page_type(BuildingHeadType, "BuildingHeadPage")
CommunityOrganisationPage = page_type(CommunityOrganisationType, "CommunityOrganisationPage")


class NeighbourhoodQueries(graphene.ObjectType):
    estates = graphene.List(graphene.NonNull(EstateType), required=True)
    buildings = graphene.Field(
        BuildingPage,
        estate_id=graphene.ID(),
        to_confirm=graphene.Boolean(
            description="Only the buildings to confirm (true) or the confirmed (false)."
        ),
        search=graphene.String(description="Part of the name."),
        **page_arguments(),
    )
    building = graphene.Field(BuildingType, id=graphene.ID(required=True))
    building_heads = graphene.Field(
        BuildingHeadPage,
        building_id=graphene.ID(),
        current=graphene.Boolean(default_value=True, description="false: past terms too."),
        **page_arguments(),
    )
    organisations_of_community = graphene.Field(
        CommunityOrganisationPage,
        kind=OrganisationKind(),
        status=OrganisationStatus(),
        **page_arguments(),
    )

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_estates(_root, info):
        return reads.estates()

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_buildings(_root, info, limit, offset, estate_id=None, to_confirm=None, search=None):
        rows = reads.buildings(estate_id=estate_id, to_confirm=to_confirm, search=search)
        return paginate(rows, limit=limit, offset=offset)

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_building(_root, info, id):
        return reads.building_by_id(id)

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_building_heads(_root, info, limit, offset, current, building_id=None):
        terms = reads.building_heads(building_id=building_id, current=current)
        return paginate(terms, limit=limit, offset=offset)

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_organisations_of_community(_root, info, limit, offset, kind=None, status=None):
        rows = reads.organisations(kind=getattr(kind, "value", kind), status=getattr(status, "value", status))
        return paginate(rows, limit=limit, offset=offset)
