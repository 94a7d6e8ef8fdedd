import graphene

from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import in_domain
from sharepool.graphql.platform.federation.actors import federation_actor
from sharepool.graphql.platform.federation.mutations import CreateAlliance, RegisterOrganisation
from sharepool.graphql.platform.federation.types import ProjectActivitySignupType, ProjectActivityType
from sharepool.platform.federation.attendance import do_check_in_to_project_activity
from sharepool.platform.federation.permissions import FederationPermission
from sharepool.platform.federation.projects import do_sign_up_for_project_activity


class SignUpForProjectActivity(DomainMutation):
    """A resident signs up, on their own community's host, to a project activity visible there."""

    permissions = (in_domain(FederationPermission.SIGN_UP_FOR_PROJECT_ACTIVITIES),)

    class Arguments:
        activity_id = graphene.ID(required=True)

    activity = graphene.Field(ProjectActivityType)

    @classmethod
    def perform(cls, info, activity_id):
        signup = do_sign_up_for_project_activity(
            actor=federation_actor(info.context), activity_id=activity_id
        )
        return cls(activity=signup.activity, errors=[])


class CheckInToProjectActivity(DomainMutation):
    """A resident checks in with the code shown at the activity; a community worker who may manage the
    activity checks in a resident signed up (memberId, and communityId when not of this community)."""

    permissions = (
        in_domain(FederationPermission.CHECK_IN_WITH_CODE, when="checking yourself in"),
        in_domain(FederationPermission.ACT_FOR_ORGANISATIONS, when="memberId is sent"),
    )

    class Arguments:
        activity_id = graphene.ID(required=True)
        code = graphene.String()
        member_id = graphene.ID(description="Community workers: the resident to check in.")
        community_id = graphene.ID(description="The resident's community; this one when omitted.")

    signup = graphene.Field(ProjectActivitySignupType)

    @classmethod
    def perform(cls, info, activity_id, code=None, member_id=None, community_id=None):
        signup = do_check_in_to_project_activity(
            actor=federation_actor(info.context),
            activity_id=activity_id,
            code=code,
            member_id=member_id,
            community_id=community_id,
        )
        return cls(signup=signup, errors=[])


class CommunityFederationMutations(graphene.ObjectType):
    sign_up_for_project_activity = SignUpForProjectActivity.Field()
    check_in_to_project_activity = CheckInToProjectActivity.Field()
    # The same operations as on the platform host: on a community's host the actor is its community worker,
    # and what they register or convene belongs to this community (issue 11).
    register_organisation = RegisterOrganisation.Field()
    create_alliance = CreateAlliance.Field()
