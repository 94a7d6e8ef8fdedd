"""Time-bank operations: declared permission, arguments, one domain call, the payload.

Who may take each step (the provider, the recipient, a community worker) is the domain's rule
(sharepool/tenants/timebank/services.py); a refusal comes back in `errors` with its code.
"""

from typing import ClassVar

import graphene

from sharepool.core.ids import local_id
from sharepool.graphql.community.timebank.types import (
    AccountType,
    CategoryType,
    ExchangeType,
    OfferType,
    RequestType,
    TransferType,
)
from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import SIGNED_IN, in_domain
from sharepool.tenants.ledger.services import (
    do_adjust_balance,
    do_reverse_transfer,
    do_set_credit_limit,
    do_set_default_credit_limit,
)
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

    # DomainMutation's declared type, so that a subclass may ask for other permissions.
    permissions: ClassVar[tuple | None] = (
        SIGNED_IN,
        in_domain(CommunityPermission.ACT_FOR_MEMBERS, when="onBehalfOf is sent"),
    )
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


class ReverseTransfer(DomainMutation):
    """A community worker undoes a mistaken transfer with its mirror image, once, with a reason."""

    permissions = (in_domain(CommunityPermission.REVERSE_TRANSFERS),)

    class Arguments:
        transfer_id = graphene.ID(required=True)
        reason = graphene.String(required=True)
        idempotency_key = graphene.String(required=True)

    transfer = graphene.Field(TransferType, description="The reversal.")

    @classmethod
    def perform(cls, info, transfer_id, reason, idempotency_key):
        transfer = do_reverse_transfer(
            actor_id=info.context.member.id,
            transfer_id=transfer_id,
            reason=reason,
            idempotency_key=idempotency_key,
        )
        return cls(transfer=transfer, errors=[])


class SetCreditLimit(DomainMutation):
    """A community worker sets how far a member may go below zero; no minutes: back to the community's default."""

    permissions = (in_domain(CommunityPermission.SET_CREDIT_LIMITS),)

    class Arguments:
        member_id = graphene.ID(required=True)
        minutes = graphene.Int()

    account = graphene.Field(AccountType)

    @classmethod
    def perform(cls, info, member_id, minutes=None):
        account = do_set_credit_limit(
            actor_id=info.context.member.id, member_id=local_id(member_id), minutes=minutes
        )
        return cls(account=account, errors=[])


class SetDefaultCreditLimit(DomainMutation):
    """The community admin sets the default credit limit of every account without its own."""

    permissions = (in_domain(CommunityPermission.SET_DEFAULT_CREDIT_LIMIT),)

    class Arguments:
        minutes = graphene.Int(required=True)

    accounts_changed = graphene.Int()

    @classmethod
    def perform(cls, info, minutes):
        changed = do_set_default_credit_limit(actor_id=info.context.member.id, minutes=minutes)
        return cls(accounts_changed=changed, errors=[])


class SetMemberSkills(DomainMutation):
    """What a member can do, from the community's categories (a worker may set them for a member)."""

    permissions = (SIGNED_IN, in_domain(CommunityPermission.ACT_FOR_MEMBERS, when="onBehalfOf is sent"))

    class Arguments:
        category_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)
        on_behalf_of = graphene.ID()

    skills = graphene.List(graphene.NonNull(CategoryType))

    @classmethod
    def perform(cls, info, category_ids, on_behalf_of=None):
        skills = services.do_set_member_skills(
            actor_id=info.context.member.id,
            category_ids=[local_id(category_id) for category_id in category_ids],
            on_behalf_of_id=optional_id(on_behalf_of),
        )
        return cls(skills=[skill.category for skill in skills], errors=[])


class CollectiveContactType(graphene.ObjectType):
    class Meta:
        name = "CollectiveContact"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    role = graphene.String(required=True)


class AddCollectiveContact(DomainMutation):
    """A collective member (or a worker for it) names a person who acts for it."""

    permissions = (SIGNED_IN, in_domain(CommunityPermission.ACT_FOR_MEMBERS, when="onBehalfOf is sent"))

    class Arguments:
        name = graphene.String(required=True)
        phone = graphene.String(default_value="")
        role = graphene.String(default_value="")
        on_behalf_of = graphene.ID()

    contact = graphene.Field(CollectiveContactType)

    @classmethod
    def perform(cls, info, name, phone="", role="", on_behalf_of=None):
        contact = services.do_add_collective_contact(
            actor_id=info.context.member.id,
            name=name,
            phone=phone,
            role=role,
            on_behalf_of_id=optional_id(on_behalf_of),
        )
        return cls(contact=contact, errors=[])


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
    reverse_transfer = ReverseTransfer.Field()
    set_credit_limit = SetCreditLimit.Field()
    set_default_credit_limit = SetDefaultCreditLimit.Field()
    set_member_skills = SetMemberSkills.Field()
    add_collective_contact = AddCollectiveContact.Field()
