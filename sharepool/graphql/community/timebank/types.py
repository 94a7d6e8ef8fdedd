"""The time bank through the API: categories, listings, exchanges and their events, accounts, transfers."""

from decimal import Decimal

import graphene

from sharepool.graphql.community.members.types import MemberType
from sharepool.graphql.community.timebank.loaders import CategoryByIdLoader, MemberByIdLoader
from sharepool.graphql.core.loaders import related_or_load
from sharepool.graphql.core.pagination import page_type
from sharepool.graphql.core.scalars import DateTime
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.stats.services import MemberHours, member_hours
from sharepool.tenants.timebank.models import Exchange, Listing

ListingStatus = graphene.Enum.from_enum(Listing.Status, name="ListingStatus")
ExchangeState = graphene.Enum.from_enum(Exchange.State, name="ExchangeState")
TransferKind = graphene.Enum.from_enum(Transfer.Kind, name="TransferKind")
AccountKind = graphene.Enum.from_enum(Account.Kind, name="AccountKind")


def hours(minutes: int) -> str:
    """Hours with up to two decimals (LEDGER.md): 90 minutes -> "1.5"."""
    return f"{Decimal(minutes) / 60:.2f}".rstrip("0").rstrip(".")


def member_field(attribute: str):
    relation = attribute.removesuffix("_id")

    def resolve(obj, info):
        return related_or_load(obj, relation, info.context.loader(MemberByIdLoader))

    return resolve


class CategoryType(graphene.ObjectType):
    class Meta:
        name = "Category"

    id = graphene.ID(required=True)
    code = graphene.String(required=True)
    name = graphene.String(required=True)


def category_field(obj, info):
    return related_or_load(obj, "category", info.context.loader(CategoryByIdLoader))


class ListingFields:
    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    description = graphene.String(required=True)
    status = ListingStatus(required=True)
    category = graphene.Field(CategoryType, required=True, resolver=category_field)
    member = graphene.Field(MemberType, required=True, resolver=member_field("member_id"))
    created_at = DateTime(required=True)
    expires_at = DateTime(required=True)


class OfferType(ListingFields, graphene.ObjectType):
    class Meta:
        name = "Offer"


class RequestType(ListingFields, graphene.ObjectType):
    class Meta:
        name = "ServiceRequest"


class ExchangeEventType(graphene.ObjectType):
    class Meta:
        name = "ExchangeEvent"

    from_state = graphene.String(required=True, description="Empty for the proposal.")
    to_state = ExchangeState(required=True)
    actor = graphene.Field(MemberType, resolver=member_field("actor_id"), description="Null: the system.")
    on_behalf_of = graphene.Field(MemberType, resolver=member_field("on_behalf_of_id"))
    minutes = graphene.Int()
    note = graphene.String(required=True)
    at = DateTime(required=True)


class ExchangeType(graphene.ObjectType):
    class Meta:
        name = "Exchange"

    id = graphene.ID(required=True)
    state = ExchangeState(required=True)
    provider = graphene.Field(MemberType, required=True, resolver=member_field("provider_id"))
    recipient = graphene.Field(MemberType, required=True, resolver=member_field("recipient_id"))
    category = graphene.Field(CategoryType, required=True, resolver=category_field)
    offer_id = graphene.ID()
    request_id = graphene.ID()
    note = graphene.String(required=True)
    minutes = graphene.Int(description="Recorded by the provider on completion.")
    transfer_id = graphene.ID(description="The transfer confirmation posted.")
    created_at = DateTime(required=True)
    completed_at = DateTime()
    confirmed_at = DateTime()
    events = graphene.List(graphene.NonNull(ExchangeEventType), required=True)

    @staticmethod
    def resolve_events(exchange, info):
        return list(exchange.events.all())


def hours_of_member(account: Account) -> MemberHours | None:
    """The account's member's figures, read once for both fields (stats.member_hours, as /me/ reads them)."""
    if account.member_id is None:
        return None
    if not hasattr(account, "member_hours"):
        account.member_hours = member_hours(account.member_id)  # type: ignore[attr-defined]
    return account.member_hours  # type: ignore[attr-defined]


class AccountType(graphene.ObjectType):
    class Meta:
        name = "Account"

    id = graphene.ID(required=True)
    kind = AccountKind(required=True)
    member = graphene.Field(MemberType, resolver=member_field("member_id"))
    balance_minutes = graphene.Int(required=True)
    balance_hours = graphene.String(required=True, description="The balance in hours, up to two decimals.")
    credit_limit_minutes = graphene.Int(required=True)
    minutes_served = graphene.Int(
        description="A member's account: the minutes its member served, exchanges provided and activity awards, "
        "reversals left out, as the community's figures count them (the member's page shows them). Null for the "
        "community's own accounts."
    )
    minutes_received = graphene.Int(
        description="A member's account: the minutes of exchanges its member received, reversals left out."
    )

    @staticmethod
    def resolve_balance_minutes(account, info):
        return account.balance

    @staticmethod
    def resolve_minutes_served(account, info):
        figures = hours_of_member(account)
        return None if figures is None else figures.served_minutes

    @staticmethod
    def resolve_minutes_received(account, info):
        figures = hours_of_member(account)
        return None if figures is None else figures.received_minutes

    @staticmethod
    def resolve_balance_hours(account, info):
        return hours(account.balance)

    @staticmethod
    def resolve_credit_limit_minutes(account, info):
        return account.credit_limit


class TransferType(graphene.ObjectType):
    class Meta:
        name = "Transfer"

    id = graphene.ID(required=True)
    kind = TransferKind(required=True)
    amount_minutes = graphene.Int(required=True)
    debit_account_id = graphene.ID(required=True)
    credit_account_id = graphene.ID(required=True)
    reverses_id = graphene.ID()
    memo = graphene.String(required=True)
    created_at = DateTime(required=True)

    @staticmethod
    def resolve_amount_minutes(transfer, info):
        return transfer.amount

    @staticmethod
    def resolve_debit_account_id(transfer, info):
        return transfer.debit_id

    @staticmethod
    def resolve_credit_account_id(transfer, info):
        return transfer.credit_id


OfferPage = page_type(OfferType, "OfferPage")
RequestPage = page_type(RequestType, "ServiceRequestPage")
TransferPage = page_type(TransferType, "TransferPage")
