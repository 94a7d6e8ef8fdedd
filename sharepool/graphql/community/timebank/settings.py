"""Community settings set by its admin (issue 14): the auto-confirmation delay and the milestones; the
domain checks and audits."""

import graphene

from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import in_domain
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.timebank.community_settings import do_set_auto_confirm_days, do_set_milestones


class SetAutoConfirmDelay(DomainMutation):
    """After how many days a completed exchange nobody confirmed or disputed confirms itself."""

    permissions = (in_domain(CommunityPermission.SET_COMMUNITY_SETTINGS),)

    class Arguments:
        days = graphene.Int(required=True)

    auto_confirm_days = graphene.Int()

    @classmethod
    def perform(cls, info, days):
        settings = do_set_auto_confirm_days(actor_id=info.context.member.id, days=days)
        return cls(auto_confirm_days=settings.auto_confirm_days, errors=[])


class SetMilestones(DomainMutation):
    """The hours served and the member numbers the community celebrates; honours already granted stay."""

    permissions = (in_domain(CommunityPermission.SET_COMMUNITY_SETTINGS),)

    class Arguments:
        hours = graphene.List(graphene.NonNull(graphene.Int), required=True)
        member_numbers = graphene.List(graphene.NonNull(graphene.Int), required=True)

    hours_milestones = graphene.List(graphene.NonNull(graphene.Int))
    member_number_milestones = graphene.List(graphene.NonNull(graphene.Int))

    @classmethod
    def perform(cls, info, hours, member_numbers):
        settings = do_set_milestones(
            actor_id=info.context.member.id, hours=hours[:100], member_numbers=member_numbers[:100]
        )
        return cls(
            hours_milestones=settings.hours_milestones,
            member_number_milestones=settings.member_number_milestones,
            errors=[],
        )


class CommunitySettingsMutations(graphene.ObjectType):
    set_auto_confirm_delay = SetAutoConfirmDelay.Field()
    set_milestones = SetMilestones.Field()
