import graphene
from django.utils import timezone

from sharepool.graphql.community.members.types import MemberType
from sharepool.graphql.community.timebank.types import CategoryType, category_field, member_field
from sharepool.graphql.core.scalars import DateTime
from sharepool.tenants.activities.models import Activity, SignUp
from sharepool.tenants.activities.services import activity_state, check_in_opens_minutes, check_in_window
from sharepool.tenants.members.permissions import CommunityPermission, has_permission

ActivityStatus = graphene.Enum.from_enum(Activity.Status, name="ActivityStatus")


class ActivityState(graphene.Enum):
    """Where the activity stands in time (issue 10): `status` says only whether it was cancelled."""

    UPCOMING = "upcoming"
    UNDER_WAY = "under_way"
    ENDED = "ended"
    CANCELLED = "cancelled"


SignUpStatus = graphene.Enum.from_enum(SignUp.Status, name="SignUpStatus")


class ActivityType(graphene.ObjectType):
    class Meta:
        name = "Activity"

    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    organiser = graphene.Field(MemberType, required=True, resolver=member_field("organiser_id"))
    category = graphene.Field(CategoryType, required=True, resolver=category_field)
    starts_at = DateTime(required=True)
    ends_at = DateTime(required=True)
    place = graphene.String(required=True)
    capacity = graphene.Int(required=True)
    minutes_credited = graphene.Int(required=True)
    status = ActivityStatus(required=True)
    state = graphene.Field(ActivityState, required=True)
    check_in_opens_at = DateTime(
        required=True, description="Check-in is open from this moment until the activity ends."
    )
    check_in_code = graphene.String(
        description="Only for the organiser and community workers, to show on the day."
    )
    series_id = graphene.ID(description="The series that made it (the 4:30 classroom), if any.")

    @staticmethod
    def resolve_state(activity, info):
        return activity_state(activity, timezone.now())

    @staticmethod
    def resolve_check_in_opens_at(activity, info):
        # Read once per request: a list of activities costs one query for the setting, not one each.
        if not hasattr(info.context, "check_in_opens_minutes"):
            info.context.check_in_opens_minutes = check_in_opens_minutes()
        return check_in_window(activity, info.context.check_in_opens_minutes)[0]

    @staticmethod
    def resolve_check_in_code(activity, info):
        member = info.context.member
        if member is not None and (
            member.id == activity.organiser_id or has_permission(member, CommunityPermission.RUN_ANY_ACTIVITY)
        ):
            return activity.check_in_code
        return None


class SignUpType(graphene.ObjectType):
    class Meta:
        name = "SignUp"

    id = graphene.ID(required=True)
    activity_id = graphene.ID(required=True)
    member = graphene.Field(MemberType, required=True, resolver=member_field("member_id"))
    status = SignUpStatus(required=True)
    signed_up_at = DateTime(required=True)
    checked_in_at = DateTime()


class ActivityAwardType(graphene.ObjectType):
    class Meta:
        name = "ActivityAward"

    id = graphene.ID(required=True)
    activity_id = graphene.ID(required=True)
    member = graphene.Field(MemberType, required=True, resolver=member_field("member_id"))
    minutes = graphene.Int(required=True)
    transfer_id = graphene.ID(required=True)
    awarded_at = DateTime(required=True)


class ActivitySeriesType(graphene.ObjectType):
    """A rule that made many activities at once; each occurrence is an ordinary activity."""

    class Meta:
        name = "ActivitySeries"

    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    weekdays = graphene.List(graphene.NonNull(graphene.Int), required=True, description="ISO: 1 is Monday.")
    starts_at_time = graphene.Time(required=True, description="Local time in the community's zone.")
    duration_minutes = graphene.Int(required=True)
    first_day = graphene.Date(required=True)
    last_day = graphene.Date(required=True)
    activities = graphene.List(graphene.NonNull(ActivityType), required=True)

    @staticmethod
    def resolve_weekdays(series, info):
        return [int(day) for day in series.weekdays.split(",")]

    @staticmethod
    def resolve_activities(series, info):
        return list(series.activities.order_by("starts_at", "id"))
