import graphene

from sharepool.graphql.community.notifications.types import NotificationKind, NotificationPreferenceType
from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import SIGNED_IN
from sharepool.tenants.notifications.services import (
    do_mark_notifications_read,
    do_set_notification_preference,
)


class MarkNotificationsRead(DomainMutation):
    """Marks the signed-in member's notifications read: the ones named, or all when `ids` is left out."""

    permissions = (SIGNED_IN,)

    class Arguments:
        ids = graphene.List(graphene.NonNull(graphene.ID))

    marked = graphene.Int(description="How many were unread and are now read.")

    @classmethod
    def perform(cls, info, ids=None):
        notification_ids = None if ids is None else [int(i) for i in ids if str(i).isdigit()]
        marked = do_mark_notifications_read(
            member_id=info.context.member.id, notification_ids=notification_ids
        )
        return cls(marked=marked, errors=[])


class SetNotificationPreference(DomainMutation):
    """Chooses how the signed-in member hears about one kind: in the app, by e-mail, both or neither."""

    permissions = (SIGNED_IN,)

    class Arguments:
        kind = NotificationKind(required=True)
        in_app = graphene.Boolean(required=True)
        by_email = graphene.Boolean(required=True)

    preference = graphene.Field(NotificationPreferenceType)

    @classmethod
    def perform(cls, info, kind, in_app, by_email):
        preference = do_set_notification_preference(
            member_id=info.context.member.id,
            kind=getattr(kind, "value", kind),
            in_app=in_app,
            by_email=by_email,
        )
        return cls(preference=preference, errors=[])


class NotificationMutations(graphene.ObjectType):
    mark_notifications_read = MarkNotificationsRead.Field()
    set_notification_preference = SetNotificationPreference.Field()
