"""Billing for street-office staff: Stripe Checkout for the first payment, the customer portal for changes."""

import graphene

from sharepool.graphql.core.mutations import DomainMutation
from sharepool.platform.accounts.permissions import PlatformPermission
from sharepool.platform.billing.services import (
    access_community_for_billing,
    do_open_billing_portal,
    do_start_checkout,
)


class StartCheckout(DomainMutation):
    """Opens a Stripe Checkout page for a community's subscription; send the browser to `url`."""

    permissions = (PlatformPermission.MANAGE_BILLING,)

    class Arguments:
        community = graphene.String(required=True, description="The community's slug.")
        plan = graphene.String(required=True, description="`standard` or `street_office_bundle`.")

    url = graphene.String(description="Stripe Checkout; Stripe sends the browser back to the platform.")

    @classmethod
    def perform(cls, info, community, plan):
        target = access_community_for_billing(info.context.staff, community)
        session = do_start_checkout(community_id=target.id, plan_code=plan)
        return cls(url=session.url, errors=[])


class OpenBillingPortal(DomainMutation):
    """Opens the Stripe customer portal (plan, card, invoices, cancellation); send the browser to `url`."""

    permissions = (PlatformPermission.MANAGE_BILLING,)

    class Arguments:
        community = graphene.String(required=True, description="The community's slug.")

    url = graphene.String()

    @classmethod
    def perform(cls, info, community):
        target = access_community_for_billing(info.context.staff, community)
        return cls(url=do_open_billing_portal(community_id=target.id), errors=[])


class BillingMutations(graphene.ObjectType):
    start_checkout = StartCheckout.Field()
    open_billing_portal = OpenBillingPortal.Field()
