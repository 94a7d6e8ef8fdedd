import graphene

from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import SIGNED_IN
from sharepool.graphql.platform.federation.actors import federation_actor
from sharepool.graphql.platform.federation.types import ProjectActivityType
from sharepool.platform.federation.projects import do_sign_up_for_project_activity


class SignUpForProjectActivity(DomainMutation):
    """A resident signs up, on their own community's host, to a project activity visible there."""

    permissions = (SIGNED_IN,)

    class Arguments:
        activity_id = graphene.ID(required=True)

    activity = graphene.Field(ProjectActivityType)

    @classmethod
    def perform(cls, info, activity_id):
        signup = do_sign_up_for_project_activity(
            actor=federation_actor(info.context), activity_id=activity_id
        )
        return cls(activity=signup.activity, errors=[])


class CommunityFederationMutations(graphene.ObjectType):
    sign_up_for_project_activity = SignUpForProjectActivity.Field()
