import graphene

from sharepool.graphql.core.scalars import DateTime
from sharepool.tenants.notifications.models import Kind

NotificationKind = graphene.Enum.from_enum(
    Kind, name="NotificationKind", description="What a notification is about; members choose per kind."
)


class NotificationType(graphene.ObjectType):
    class Meta:
        name = "Notification"

    id = graphene.ID(required=True)
    kind = NotificationKind(required=True)
    title = graphene.String(required=True, description="The kind, in the request's language.")
    body = graphene.String(required=True)
    link = graphene.String(required=True)
    created = DateTime(required=True)
    read_at = DateTime()
    emailed = graphene.Boolean(required=True, description="Whether it was also sent by e-mail.")

    @staticmethod
    def resolve_title(notification, info):
        return str(notification.title)

    @staticmethod
    def resolve_emailed(notification, info):
        return bool(notification.emailed_to)


class NotificationPreferenceType(graphene.ObjectType):
    class Meta:
        name = "NotificationPreference"

    kind = NotificationKind(required=True)
    in_app = graphene.Boolean(required=True)
    by_email = graphene.Boolean(required=True)
