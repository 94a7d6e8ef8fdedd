import graphene
from django.utils.translation import gettext_lazy as _

from sharepool.core.ids import local_id
from sharepool.graphql.community.timebank.types import (
    AccountType,
    CategoryType,
    ExchangeType,
    ListingStatus,
    OfferPage,
    RequestPage,
    TransferPage,
)
from sharepool.graphql.core.errors import ApiError, ApiErrorCode
from sharepool.graphql.core.pagination import page_arguments, paginate
from sharepool.graphql.core.permissions import SIGNED_IN, in_domain, requires
from sharepool.tenants.ledger.services import account_for_member, transfers_of_account
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.timebank.models import Category, Exchange
from sharepool.tenants.timebank.services import offers, service_requests


def require_self_or_worker(info, member_id: int) -> None:
    context = info.context
    if context.member.id != member_id and CommunityPermission.VIEW_PERSONAL_DATA not in context.permissions:
        raise ApiError(ApiErrorCode.PERMISSION_DENIED, _("Only the member and community workers see this."))


class TimebankQueries(graphene.ObjectType):
    categories = graphene.List(graphene.NonNull(CategoryType), required=True)
    offers = graphene.Field(
        OfferPage,
        category_id=graphene.ID(),
        text=graphene.String(),
        status=ListingStatus(),
        **page_arguments(),
    )
    requests = graphene.Field(
        RequestPage,
        category_id=graphene.ID(),
        text=graphene.String(),
        status=ListingStatus(),
        **page_arguments(),
    )
    exchange = graphene.Field(ExchangeType, id=graphene.ID(required=True))
    account = graphene.Field(
        AccountType,
        member_id=graphene.ID(description="Yours when omitted; another member's for community workers."),
    )
    transfers = graphene.Field(TransferPage, member_id=graphene.ID(), **page_arguments())

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_categories(_root, info):
        return Category.objects.filter(active=True)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_offers(_root, info, limit, offset, category_id=None, text="", status=None):
        listings = offers(
            category_id=None if category_id is None else local_id(category_id),
            text=text or "",
            status=getattr(status, "value", status),
        )
        # A listing is shown with its member and category: joined, the page is one statement (issue 15).
        return paginate(listings.select_related("member", "category"), limit=limit, offset=offset)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_requests(_root, info, limit, offset, category_id=None, text="", status=None):
        listings = service_requests(
            category_id=None if category_id is None else local_id(category_id),
            text=text or "",
            status=getattr(status, "value", status),
        )
        # A listing is shown with its member and category: joined, the page is one statement (issue 15).
        return paginate(listings.select_related("member", "category"), limit=limit, offset=offset)

    @staticmethod
    @requires(SIGNED_IN, in_domain(CommunityPermission.VIEW_PERSONAL_DATA, when="the caller is neither side"))
    def resolve_exchange(_root, info, id):
        exchange = Exchange.objects.filter(id=local_id(id)).first()
        if exchange is None:
            return None
        member = info.context.member
        if member.id not in (exchange.provider_id, exchange.recipient_id):
            require_self_or_worker(info, -1)
        return exchange

    @staticmethod
    @requires(
        SIGNED_IN, in_domain(CommunityPermission.VIEW_PERSONAL_DATA, when="memberId is another member's")
    )
    def resolve_account(_root, info, member_id=None):
        member_id = info.context.member.id if member_id is None else local_id(member_id)
        require_self_or_worker(info, member_id)
        return account_for_member(member_id)

    @staticmethod
    @requires(
        SIGNED_IN, in_domain(CommunityPermission.VIEW_PERSONAL_DATA, when="memberId is another member's")
    )
    def resolve_transfers(_root, info, limit, offset, member_id=None):
        member_id = info.context.member.id if member_id is None else local_id(member_id)
        require_self_or_worker(info, member_id)
        return paginate(transfers_of_account(account_for_member(member_id).id), limit=limit, offset=offset)
