import graphene
from django.utils.translation import gettext_lazy as _

from sharepool.graphql.community.members.types import MemberStatus, MemberType
from sharepool.graphql.core.errors import ApiError, ApiErrorCode
from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import PUBLIC, in_domain, requires
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.members.search import search_members

MemberPage = page_type(MemberType, "MemberPage")


class MemberQueries(graphene.ObjectType):
    me = graphene.Field(MemberType, description="The signed-in member, or null.")
    members = graphene.Field(
        MemberPage,
        status=MemberStatus(
            description="Community workers may ask for any status; others see active members."
        ),
        search=graphene.String(
            description="Name, member number or building; phone too for those who see personal data (issue 14)."
        ),
        **page_arguments(),
    )

    @staticmethod
    @requires(PUBLIC)
    def resolve_me(_root, info):
        return info.context.member

    @staticmethod
    @requires(
        CommunityPermission.VIEW_MEMBERS,
        in_domain(CommunityPermission.VIEW_ALL_MEMBERS, when="a status other than ACTIVE is asked for"),
    )
    def resolve_members(_root, info, limit, offset, status=None, search=""):
        # The console's search page reads the same function (web/staff/members.py).
        members = search_members(
            search or "", by_phone=CommunityPermission.VIEW_PERSONAL_DATA in info.context.permissions
        )
        status = getattr(status, "value", status)  # graphene passes the enum member
        if CommunityPermission.VIEW_ALL_MEMBERS not in info.context.permissions:
            if status not in (None, Member.Status.ACTIVE):
                raise ApiError(
                    ApiErrorCode.PERMISSION_DENIED,
                    _("Only community workers see applicants."),
                    field="status",
                )
            status = Member.Status.ACTIVE
        if status is not None:
            members = members.filter(status=status)
        return paginate(members, limit=limit, offset=offset)
