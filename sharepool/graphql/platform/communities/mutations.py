import graphene

from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.platform.communities.types import CommunityType
from sharepool.platform.accounts.permissions import PlatformPermission
from sharepool.platform.accounts.services import street_office_for_onboarding
from sharepool.platform.communities.models import Community
from sharepool.platform.communities.services import do_onboard_community_once, onboard_community


class OnboardCommunityInput(graphene.InputObjectType):
    slug = graphene.String(required=True, description="The subdomain: <slug>.<platform domain>.")
    name = graphene.String(required=True)
    population = graphene.Int()
    district = graphene.String(default_value="")
    street_office = graphene.String(description="Operators only; staff onboard for their own street office.")
    admin_username = graphene.String(default_value="admin")
    admin_password = graphene.String(description="Generated when left out, and returned once.")
    idempotency_key = graphene.String(
        description="Ask again with the same key and input after a lost answer: the same community and "
        "admin credentials come back (the generated password this once more), never `slug_taken`."
    )


class OnboardCommunity(DomainMutation):
    """Puts a community online: the same domain function as `manage.py onboard_community`."""

    permissions = (PlatformPermission.ONBOARD_COMMUNITIES,)

    class Arguments:
        input = OnboardCommunityInput(required=True)

    community = graphene.Field(CommunityType)
    admin_username = graphene.String()
    admin_password = graphene.String(description="Shown once: hand it to the community's administrator.")

    @classmethod
    def perform(cls, info, input):
        parameters = {
            "slug": input.slug,
            "name": input.name,
            "street_office_name": street_office_for_onboarding(info.context.staff, input.street_office),
            "population": input.population,
            "district": input.district,
            "admin_username": input.admin_username,
            "admin_password": input.admin_password,
        }
        if input.idempotency_key is None:
            onboarded = onboard_community(**parameters)
        else:
            onboarded = do_onboard_community_once(
                requested_by_id=info.context.staff.user.id,
                idempotency_key=input.idempotency_key,
                **parameters,
            )
        return cls(
            community=Community.objects.get(id=onboarded.community_id),
            admin_username=onboarded.admin_username,
            admin_password=onboarded.admin_password,
            errors=[],
        )


class CommunityMutations(graphene.ObjectType):
    onboard_community = OnboardCommunity.Field()
