"""Time-bank operations: declared permission, arguments, one domain call, the payload.

Who may take each step (the provider, the recipient, a community worker) is the domain's rule
(sharepool/tenants/timebank/services.py); a refusal comes back in `errors` with its code.
"""

import graphene

from sharepool.core.ids import local_id
from sharepool.graphql.community.timebank.types import ExchangeType, OfferType, RequestType, TransferType
from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import SIGNED_IN, in_domain
from sharepool.tenants.ledger.services import do_adjust_balance
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.timebank import services


def optional_id(value):
    return None if value is None else local_id(value)


class PostListingInput(graphene.InputObjectType):
    category_id = graphene.ID(required=True)
    title = graphene.String(required=True)
    description = graphene.String(default_value="")
    on_behalf_of = graphene.ID(description="A community worker posting for a member without a smartphone.")


class PostOffer(DomainMutation):
    permissions = (SIGNED_IN, in_domain(CommunityPermission.ACT_FOR_MEMBERS, when="onBehalfOf is sent"))

    class Arguments:
        input = PostListingInput(required=True)

    offer = graphene.Field(OfferType)

    @classmethod
    def perform(cls, info, input):
        offer = services.do_post_offer(
            actor_id=info.context.member.id,
            category_id=local_id(input.category_id),
            title=input.title,
            description=input.description,
            on_behalf_of_id=optional_id(input.on_behalf_of),
        )
        return cls(offer=offer, errors=[])


class PostRequest(DomainMutation):
    permissions = (SIGNED_IN, in_domain(CommunityPermission.ACT_FOR_MEMBERS, when="onBehalfOf is sent"))

    class Arguments:
        input = PostListingInput(required=True)

    request = graphene.Field(RequestType)

    @classmethod
    def perform(cls, info, input):
        request = services.do_post_request(
            actor_id=info.context.member.id,
            category_id=local_id(input.category_id),
            title=input.title,
            description=input.description,
            on_behalf_of_id=optional_id(input.on_behalf_of),
        )
        return cls(request=request, errors=[])


class CloseOffer(DomainMutation):
    permissions = (
        SIGNED_IN,
        in_domain(CommunityPermission.CLOSE_ANY_LISTING, when="the listing is another member's"),
    )

    class Arguments:
        id = graphene.ID(required=True)

    offer = graphene.Field(OfferType)

    @classmethod
    def perform(cls, info, id):
        return cls(
            offer=services.do_close_offer(actor_id=info.context.member.id, offer_id=local_id(id)), errors=[]
        )


class CloseRequest(DomainMutation):
    permissions = (
        SIGNED_IN,
        in_domain(CommunityPermission.CLOSE_ANY_LISTING, when="the listing is another member's"),
    )

    class Arguments:
        id = graphene.ID(required=True)

    request = graphene.Field(RequestType)

    @classmethod
    def perform(cls, info, id):
        request = services.do_close_request(actor_id=info.context.member.id, request_id=local_id(id))
        return cls(request=request, errors=[])


class ExchangeMutation(DomainMutation):
    class Meta:
        abstract = True

    permissions = (SIGNED_IN, in_domain(CommunityPermission.ACT_FOR_MEMBERS, when="onBehalfOf is sent"))
    exchange = graphene.Field(ExchangeType)


class ProposeExchange(ExchangeMutation):
    """Answer an offer (you receive the service) or a request (you provide it)."""

    class Arguments:
        offer_id = graphene.ID()
        request_id = graphene.ID()
        note = graphene.String(default_value="")
        on_behalf_of = graphene.ID()

    @classmethod
    def perform(cls, info, note, offer_id=None, request_id=None, on_behalf_of=None):
        exchange = services.do_propose_exchange(
            actor_id=info.context.member.id,
            offer_id=optional_id(offer_id),
            request_id=optional_id(request_id),
            note=note,
            on_behalf_of_id=optional_id(on_behalf_of),
        )
        return cls(exchange=exchange, errors=[])


class AcceptExchange(ExchangeMutation):
    class Arguments:
        id = graphene.ID(required=True)
        on_behalf_of = graphene.ID()

    @classmethod
    def perform(cls, info, id, on_behalf_of=None):
        exchange = services.do_accept_exchange(
            actor_id=info.context.member.id,
            exchange_id=local_id(id),
            on_behalf_of_id=optional_id(on_behalf_of),
        )
        return cls(exchange=exchange, errors=[])


class CompleteExchange(ExchangeMutation):
    """The provider records the minutes served."""

    class Arguments:
        id = graphene.ID(required=True)
        minutes = graphene.Int(required=True)
        on_behalf_of = graphene.ID()

    @classmethod
    def perform(cls, info, id, minutes, on_behalf_of=None):
        exchange = services.do_complete_exchange(
            actor_id=info.context.member.id,
            exchange_id=local_id(id),
            minutes=minutes,
            on_behalf_of_id=optional_id(on_behalf_of),
        )
        return cls(exchange=exchange, errors=[])


class ConfirmExchange(ExchangeMutation):
    """The recipient confirms; the hours move. Send the same idempotencyKey when retrying."""

    class Arguments:
        id = graphene.ID(required=True)
        idempotency_key = graphene.String(required=True)
        on_behalf_of = graphene.ID()

    @classmethod
    def perform(cls, info, id, idempotency_key, on_behalf_of=None):
        exchange = services.do_confirm_exchange(
            actor_id=info.context.member.id,
            exchange_id=local_id(id),
            idempotency_key=idempotency_key,
            on_behalf_of_id=optional_id(on_behalf_of),
        )
        return cls(exchange=exchange, errors=[])


class DisputeExchange(ExchangeMutation):
    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)
        on_behalf_of = graphene.ID()

    @classmethod
    def perform(cls, info, id, reason, on_behalf_of=None):
        exchange = services.do_dispute_exchange(
            actor_id=info.context.member.id,
            exchange_id=local_id(id),
            reason=reason,
            on_behalf_of_id=optional_id(on_behalf_of),
        )
        return cls(exchange=exchange, errors=[])


DisputeDecision = graphene.Enum(
    "DisputeDecision",
    [("CONFIRM", "confirm"), ("ADJUST", "adjust"), ("CANCEL", "cancel")],
    description="Confirm the recorded minutes, confirm other minutes, or cancel the exchange.",
)


class ResolveDispute(ExchangeMutation):
    """A community worker's decision on a disputed exchange."""

    permissions = (in_domain(CommunityPermission.RESOLVE_DISPUTES),)

    class Arguments:
        id = graphene.ID(required=True)
        decision = DisputeDecision(required=True)
        idempotency_key = graphene.String(required=True)
        minutes = graphene.Int()
        note = graphene.String(default_value="")

    @classmethod
    def perform(cls, info, id, decision, idempotency_key, note, minutes=None):
        exchange = services.do_resolve_dispute(
            actor_id=info.context.member.id,
            exchange_id=local_id(id),
            decision=getattr(decision, "value", decision),
            idempotency_key=idempotency_key,
            minutes=minutes,
            note=note,
        )
        return cls(exchange=exchange, errors=[])


class CancelExchange(ExchangeMutation):
    permissions = (
        SIGNED_IN,
        in_domain(CommunityPermission.ACT_FOR_MEMBERS, when="onBehalfOf is sent"),
        in_domain(CommunityPermission.CANCEL_ANY_EXCHANGE, when="neither side is the caller"),
    )

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(default_value="")
        on_behalf_of = graphene.ID()

    @classmethod
    def perform(cls, info, id, reason, on_behalf_of=None):
        exchange = services.do_cancel_exchange(
            actor_id=info.context.member.id,
            exchange_id=local_id(id),
            reason=reason,
            on_behalf_of_id=optional_id(on_behalf_of),
        )
        return cls(exchange=exchange, errors=[])


class AdjustBalance(DomainMutation):
    """A community admin's correction: a transfer against the community pool with a reason, never an edit."""

    permissions = (in_domain(CommunityPermission.ADJUST_BALANCES),)

    class Arguments:
        member_id = graphene.ID(required=True)
        minutes = graphene.Int(required=True, description="Positive credits the member, negative debits.")
        reason = graphene.String(required=True)
        idempotency_key = graphene.String(required=True)

    transfer = graphene.Field(TransferType)

    @classmethod
    def perform(cls, info, member_id, minutes, reason, idempotency_key):
        transfer = do_adjust_balance(
            actor_id=info.context.member.id,
            member_id=local_id(member_id),
            amount=minutes,
            reason=reason,
            idempotency_key=idempotency_key,
        )
        return cls(transfer=transfer, errors=[])


class TimebankMutations(graphene.ObjectType):
    post_offer = PostOffer.Field()
    post_request = PostRequest.Field()
    close_offer = CloseOffer.Field()
    close_request = CloseRequest.Field()
    propose_exchange = ProposeExchange.Field()
    accept_exchange = AcceptExchange.Field()
    complete_exchange = CompleteExchange.Field()
    confirm_exchange = ConfirmExchange.Field()
    dispute_exchange = DisputeExchange.Field()
    resolve_dispute = ResolveDispute.Field()
    cancel_exchange = CancelExchange.Field()
    adjust_balance = AdjustBalance.Field()
