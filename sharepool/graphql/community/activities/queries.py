import graphene

from sharepool.core.ids import local_id
from sharepool.graphql.community.activities.types import ActivityType, SignUpType
from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import SIGNED_IN, requires
from sharepool.tenants.activities.models import Activity, SignUp

ActivityPage = page_type(ActivityType, "ActivityPage")


class ActivityQueries(graphene.ObjectType):
    activities = graphene.Field(ActivityPage, **page_arguments())
    sign_ups = graphene.List(
        graphene.NonNull(SignUpType), required=True, activity_id=graphene.ID(required=True)
    )

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_activities(_root, info, limit, offset):
        return paginate(Activity.objects.order_by("-starts_at", "-id"), limit=limit, offset=offset)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_sign_ups(_root, info, activity_id):
        return SignUp.objects.filter(activity_id=local_id(activity_id)).order_by("signed_up_at", "id")
