"""Community settings set by its admin (issue 14): the auto-confirmation delay and the milestones; the
domain checks and audits."""

import graphene

from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import in_domain, requires
from sharepool.tenants.members.models import CommunitySettings
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


class CommunitySettingsType(graphene.ObjectType):
    """The community's rules, as its workers' console shows them."""

    class Meta:
        name = "CommunitySettings"

    check_in_opens_minutes = graphene.Int(
        required=True, description="Check-in opens this long before a start."
    )
    auto_confirm_days = graphene.Int(required=True, description="A completed exchange confirms itself after.")
    default_credit_limit_minutes = graphene.Int(required=True)
    hours_milestones = graphene.List(graphene.NonNull(graphene.Int), required=True)
    member_number_milestones = graphene.List(graphene.NonNull(graphene.Int), required=True)


class CommunitySettingsQueries(graphene.ObjectType):
    community_settings = graphene.Field(CommunitySettingsType, required=True)

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_community_settings(_root, _info):
        return CommunitySettings.load()
