import graphene
from django.db.models import Q

from sharepool.core.ids import local_id
from sharepool.core.text import check_text
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
from sharepool.tenants.neighbourhood.models import Building, BuildingHead, CommunityOrganisation, Estate

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
        return list(Estate.objects.order_by("kind", "id"))

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_buildings(_root, info, limit, offset, estate_id=None, to_confirm=None, search=None):
        buildings = Building.objects.order_by("estate_id", "id")
        if estate_id is not None:
            buildings = buildings.filter(estate_id=local_id(estate_id))
        if to_confirm is not None:
            buildings = buildings.filter(to_confirm=to_confirm)
        if search:
            check_text(search, field="search", max_length=50)
            buildings = buildings.filter(Q(name__icontains=search) | Q(estate__name__icontains=search))
        return paginate(buildings, limit=limit, offset=offset)

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_building(_root, info, id):
        return Building.objects.filter(id=local_id(id)).first()

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_building_heads(_root, info, limit, offset, current, building_id=None):
        terms = BuildingHead.objects.order_by("id")
        if current:
            terms = terms.filter(until__isnull=True)
        if building_id is not None:
            terms = terms.filter(buildings=local_id(building_id))
        return paginate(terms, limit=limit, offset=offset)

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_organisations_of_community(_root, info, limit, offset, kind=None, status=None):
        organisations = CommunityOrganisation.objects.order_by("kind", "id")
        if kind is not None:
            organisations = organisations.filter(kind=getattr(kind, "value", kind))
        if status is not None:
            organisations = organisations.filter(status=getattr(status, "value", status))
        return paginate(organisations, limit=limit, offset=offset)
