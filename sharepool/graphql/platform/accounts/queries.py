import graphene

from sharepool.graphql.platform.accounts.types import StaffType


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(StaffType, description="The signed-in operator or street-office staff, or null.")

    @staticmethod
    def resolve_me(_root, info):
        return info.context.staff
