"""The community's exchange rules set by its admin (issue 14); the domain checks and audits."""

import graphene

from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import in_domain
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.timebank.exchange_settings import do_set_auto_confirm_days


class SetAutoConfirmDelay(DomainMutation):
    """After how many days a completed exchange nobody confirmed or disputed confirms itself."""

    permissions = (in_domain(CommunityPermission.SET_EXCHANGE_RULES),)

    class Arguments:
        days = graphene.Int(required=True)

    auto_confirm_days = graphene.Int()

    @classmethod
    def perform(cls, info, days):
        settings = do_set_auto_confirm_days(actor_id=info.context.member.id, days=days)
        return cls(auto_confirm_days=settings.auto_confirm_days, errors=[])


class ExchangeSettingsMutations(graphene.ObjectType):
    set_auto_confirm_delay = SetAutoConfirmDelay.Field()
