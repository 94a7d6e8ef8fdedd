import graphene

from sharepool.graphql.platform.communities.loaders import StreetOfficeByIdLoader
from sharepool.graphql.platform.communities.types import StreetOfficeType
from sharepool.platform.accounts.actors import StaffActor


class StaffType(graphene.ObjectType):
    class Meta:
        name = "Staff"

    username = graphene.String(required=True)
    is_operator = graphene.Boolean(required=True)
    street_office = graphene.Field(StreetOfficeType, description="Null for operators.")

    @staticmethod
    def resolve_username(actor: StaffActor, _info):
        return actor.user.get_username()

    @staticmethod
    def resolve_street_office(actor: StaffActor, info):
        if actor.street_office_id is None:
            return None
        return info.context.loader(StreetOfficeByIdLoader).load(actor.street_office_id)
