import graphene

from sharepool.core.ids import local_id
from sharepool.graphql.community.activities.types import ActivitySeriesType, ActivityType, SignUpType
from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import SIGNED_IN, requires
from sharepool.tenants.activities.models import Activity, ActivitySeries, SignUp

ActivityPage = page_type(ActivityType, "ActivityPage")


class ActivityQueries(graphene.ObjectType):
    activities = graphene.Field(ActivityPage, **page_arguments())
    sign_ups = graphene.List(
        graphene.NonNull(SignUpType), required=True, activity_id=graphene.ID(required=True)
    )
    activity_series = graphene.Field(
        ActivitySeriesType,
        id=graphene.ID(required=True),
        description="A series (an activity's seriesId) with its activities; null when there is none.",
    )

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_activities(_root, info, limit, offset):
        return paginate(Activity.objects.order_by("-starts_at", "-id"), limit=limit, offset=offset)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_sign_ups(_root, info, activity_id):
        return SignUp.objects.filter(activity_id=local_id(activity_id)).order_by("signed_up_at", "id")

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_activity_series(_root, info, id):
        return ActivitySeries.objects.filter(id=local_id(id)).first()
