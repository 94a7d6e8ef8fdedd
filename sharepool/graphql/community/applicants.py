"""What an applicant (registered, not yet approved) may read: their own `me`, which holds their
application (status, when they applied), and their own notifications; nothing else (issue 10).

Checked here for every field of the Query root, so a query added later is refused to applicants
without anyone remembering to: reading members' names, buildings and skills through `offers`,
`requests` or `signUps` is what an approved membership allows.
"""

from django.utils.translation import gettext_lazy as _
from graphql import GraphQLResolveInfo

from sharepool.graphql.core.errors import ApiError, ApiErrorCode
from sharepool.tenants.members.models import Member

# Query fields an applicant may read: their own member row and their own notifications (nobody else's
# data); `__typename` answers nothing about the community.
APPLICANT_QUERIES = frozenset({"me", "notifications", "notificationPreferences", "__typename"})


def applicant_reads_middleware(next_resolver, root, info: GraphQLResolveInfo, **arguments):
    if info.parent_type is info.schema.query_type and info.field_name not in APPLICANT_QUERIES:
        member = getattr(info.context, "member", None)
        if member is not None and member.status != Member.Status.ACTIVE:
            raise ApiError(
                ApiErrorCode.PERMISSION_DENIED,
                _("Your application is waiting for approval: until then you can only see your own."),
            )
    return next_resolver(root, info, **arguments)
