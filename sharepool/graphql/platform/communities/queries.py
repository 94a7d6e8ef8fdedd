import graphene

from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import requires
from sharepool.graphql.platform.communities.types import CommunityType
from sharepool.platform.accounts.permissions import PlatformPermission
from sharepool.platform.accounts.services import access_communities

CommunityPage = page_type(CommunityType, "CommunityPage")


class CommunityQueries(graphene.ObjectType):
    communities = graphene.Field(
        CommunityPage, description="An operator sees all; staff their street office's.", **page_arguments()
    )

    @staticmethod
    @requires(PlatformPermission.VIEW_COMMUNITIES)
    def resolve_communities(_root, info, limit, offset):
        return paginate(access_communities(info.context.staff).order_by("slug"), limit=limit, offset=offset)
