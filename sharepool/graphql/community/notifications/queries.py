import graphene

from sharepool.graphql.community.notifications.types import NotificationPreferenceType, NotificationType
from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import SIGNED_IN, requires
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.notifications.services import preferences_of

NotificationPage = page_type(NotificationType, "NotificationPage")


class NotificationQueries(graphene.ObjectType):
    notifications = graphene.Field(
        NotificationPage,
        unread_only=graphene.Boolean(default_value=False),
        description="The signed-in member's own notifications, newest first.",
        **page_arguments(),
    )
    notification_preferences = graphene.List(
        graphene.NonNull(NotificationPreferenceType),
        required=True,
        description="The signed-in member's choice for every kind.",
    )

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_notifications(_root, info, unread_only, limit, offset):
        notifications = Notification.objects.filter(member=info.context.member, in_app=True)
        if unread_only:
            notifications = notifications.filter(read_at__isnull=True)
        return paginate(notifications.order_by("-created", "-id"), limit=limit, offset=offset)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_notification_preferences(_root, info):
        return preferences_of(member_id=info.context.member.id)
