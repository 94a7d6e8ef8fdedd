import graphene

from sharepool.graphql.core.permissions import PUBLIC, requires
from sharepool.graphql.platform.accounts.types import StaffType


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(StaffType, description="The signed-in operator or street-office staff, or null.")

    @staticmethod
    @requires(PUBLIC)
    def resolve_me(_root, info):
        return info.context.staff
