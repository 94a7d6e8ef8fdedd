import graphene

from sharepool.graphql.platform.communities.loaders import StreetOfficeByIdLoader
from sharepool.platform.communities.models import Community
from sharepool.platform.communities.services import community_domain, community_url

CommunityStatus = graphene.Enum.from_enum(
    Community.Status,
    name="CommunityStatus",
    description="A SUSPENDED community is read-only.",
)


class StreetOfficeType(graphene.ObjectType):
    class Meta:
        name = "StreetOffice"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    district = graphene.String(required=True)


class CommunityType(graphene.ObjectType):
    class Meta:
        name = "Community"

    id = graphene.ID(required=True)
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    url = graphene.String(required=True)
    status = CommunityStatus(required=True)
    district = graphene.String(required=True)
    population = graphene.Int()
    street_office = graphene.Field(StreetOfficeType, required=True)

    @staticmethod
    def resolve_url(community: Community, _info):
        return community_url(community_domain(community.slug))

    @staticmethod
    def resolve_street_office(community: Community, info):
        return info.context.loader(StreetOfficeByIdLoader).load(community.street_office_id)
