"""Activity operations; the organiser/worker rules are the domain's (tenants/activities/services.py)."""

import graphene

from sharepool.core.ids import local_id
from sharepool.graphql.community.activities.types import (
    ActivityAwardType,
    ActivitySeriesType,
    ActivityType,
    SignUpType,
)
from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import SIGNED_IN, in_domain
from sharepool.graphql.core.scalars import DateTime
from sharepool.tenants.activities import attendance, services
from sharepool.tenants.activities.series import SeriesPlan, do_create_activity_series
from sharepool.tenants.members.permissions import CommunityPermission


class CreateActivityInput(graphene.InputObjectType):
    title = graphene.String(required=True)
    category_id = graphene.ID(required=True)
    starts_at = DateTime(required=True)
    ends_at = DateTime(required=True)
    place = graphene.String(required=True)
    capacity = graphene.Int(required=True)
    minutes_credited = graphene.Int(required=True)
    organiser_id = graphene.ID(description="The coordinator in charge; yourself when omitted.")


class CreateActivity(DomainMutation):
    permissions = (in_domain(CommunityPermission.ORGANISE_ACTIVITIES),)

    class Arguments:
        input = CreateActivityInput(required=True)

    activity = graphene.Field(ActivityType)

    @classmethod
    def perform(cls, info, input):
        activity = services.do_create_activity(
            actor_id=info.context.member.id,
            title=input.title,
            category_id=local_id(input.category_id),
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            place=input.place,
            capacity=input.capacity,
            minutes_credited=input.minutes_credited,
            organiser_id=None if input.organiser_id is None else local_id(input.organiser_id),
        )
        return cls(activity=activity, errors=[])


class SignUpMutation(DomainMutation):
    class Meta:
        abstract = True

    permissions = (SIGNED_IN, in_domain(CommunityPermission.ACT_FOR_MEMBERS, when="onBehalfOf is sent"))
    sign_up = graphene.Field(SignUpType)


class SignUpForActivity(SignUpMutation):
    """A place while there is room, otherwise the waiting list."""

    class Meta:
        name = "SignUpPayload"

    class Arguments:
        activity_id = graphene.ID(required=True)
        on_behalf_of = graphene.ID()

    @classmethod
    def perform(cls, info, activity_id, on_behalf_of=None):
        sign_up = services.do_sign_up(
            actor_id=info.context.member.id,
            activity_id=local_id(activity_id),
            on_behalf_of_id=None if on_behalf_of is None else local_id(on_behalf_of),
        )
        return cls(sign_up=sign_up, errors=[])


class CancelSignUp(SignUpMutation):
    class Arguments:
        activity_id = graphene.ID(required=True)
        on_behalf_of = graphene.ID()

    @classmethod
    def perform(cls, info, activity_id, on_behalf_of=None):
        sign_up = services.do_cancel_sign_up(
            actor_id=info.context.member.id,
            activity_id=local_id(activity_id),
            on_behalf_of_id=None if on_behalf_of is None else local_id(on_behalf_of),
        )
        return cls(sign_up=sign_up, errors=[])


class CheckIn(SignUpMutation):
    """The coordinator checks a member in (memberId), or a member checks in with the code shown."""

    permissions = (
        SIGNED_IN,
        in_domain(
            CommunityPermission.RUN_ANY_ACTIVITY,
            when="checking another member in to an activity someone else organises",
        ),
    )

    class Arguments:
        activity_id = graphene.ID(required=True)
        member_id = graphene.ID()
        code = graphene.String()

    @classmethod
    def perform(cls, info, activity_id, member_id=None, code=None):
        sign_up = services.do_check_in(
            actor_id=info.context.member.id,
            activity_id=local_id(activity_id),
            member_id=None if member_id is None else local_id(member_id),
            code=code,
        )
        return cls(sign_up=sign_up, errors=[])


class AwardActivity(DomainMutation):
    """Credits every checked-in attendee from the community pool, all or nothing, once per member."""

    permissions = (in_domain(CommunityPermission.RUN_ANY_ACTIVITY, when="the activity is someone else's"),)

    class Arguments:
        activity_id = graphene.ID(required=True)
        idempotency_key = graphene.String(required=True)

    awards = graphene.List(graphene.NonNull(ActivityAwardType))

    @classmethod
    def perform(cls, info, activity_id, idempotency_key):
        awards = services.do_award_activity(
            actor_id=info.context.member.id,
            activity_id=local_id(activity_id),
            idempotency_key=idempotency_key,
        )
        return cls(awards=awards, errors=[])


class CancelActivity(DomainMutation):
    """Its organiser or a community worker cancels an open activity; nobody is awarded for it afterwards."""

    permissions = (in_domain(CommunityPermission.RUN_ANY_ACTIVITY, when="the activity is someone else's"),)

    class Arguments:
        id = graphene.ID(required=True)

    activity = graphene.Field(ActivityType)

    @classmethod
    def perform(cls, info, id):
        activity = services.do_cancel_activity(actor_id=info.context.member.id, activity_id=local_id(id))
        return cls(activity=activity, errors=[])


class SetCheckInWindow(DomainMutation):
    """How many minutes before an activity's start check-in opens, for every activity of the community."""

    permissions = (in_domain(CommunityPermission.SET_ACTIVITY_RULES),)

    class Arguments:
        minutes = graphene.Int(required=True)

    check_in_opens_minutes = graphene.Int()

    @classmethod
    def perform(cls, info, minutes):
        settings = services.do_set_check_in_window(actor_id=info.context.member.id, minutes=minutes)
        return cls(check_in_opens_minutes=settings.check_in_opens_minutes, errors=[])


class CreateActivitySeriesInput(graphene.InputObjectType):
    title = graphene.String(required=True)
    category_id = graphene.ID(required=True)
    place = graphene.String(required=True)
    capacity = graphene.Int(required=True)
    minutes_credited = graphene.Int(required=True)
    weekdays = graphene.List(
        graphene.NonNull(graphene.Int), required=True, description="ISO weekdays: 1 is Monday, 7 Sunday."
    )
    starts_at_time = graphene.Time(required=True, description="Local time in the community's zone.")
    duration_minutes = graphene.Int(required=True)
    first_day = graphene.Date(required=True)
    until = graphene.Date(description="The last day; or send `weeks`.")
    weeks = graphene.Int(description="How many weeks from `firstDay`; or send `until`.")
    organiser_id = graphene.ID(description="The coordinator in charge; yourself when omitted.")


class CreateActivitySeries(DomainMutation):
    """Every occurrence at once (the 4:30 classroom every school day), each an ordinary activity."""

    permissions = (in_domain(CommunityPermission.ORGANISE_ACTIVITIES),)

    class Arguments:
        input = CreateActivitySeriesInput(required=True)

    series = graphene.Field(ActivitySeriesType)

    @classmethod
    def perform(cls, info, input):
        series = do_create_activity_series(
            actor_id=info.context.member.id,
            title=input.title,
            category_id=local_id(input.category_id),
            place=input.place,
            capacity=input.capacity,
            minutes_credited=input.minutes_credited,
            plan=SeriesPlan(
                weekdays=tuple(input.weekdays[:8]),
                start_time=input.starts_at_time,
                duration_minutes=input.duration_minutes,
                first_day=input.first_day,
                until=input.until,
                weeks=input.weeks,
            ),
            organiser_id=None if input.organiser_id is None else local_id(input.organiser_id),
        )
        return cls(series=series, errors=[])


class MarkAttendance(DomainMutation):
    """The coordinator checks in many members at once; those already checked in stay as they were."""

    permissions = (in_domain(CommunityPermission.RUN_ANY_ACTIVITY, when="the activity is someone else's"),)

    class Arguments:
        activity_id = graphene.ID(required=True)
        member_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)

    sign_ups = graphene.List(graphene.NonNull(SignUpType))

    @classmethod
    def perform(cls, info, activity_id, member_ids):
        sign_ups = attendance.do_mark_attendance(
            actor_id=info.context.member.id,
            activity_id=local_id(activity_id),
            member_ids=[local_id(member_id) for member_id in member_ids[: attendance.MAX_LISTED + 1]],
        )
        return cls(sign_ups=sign_ups, errors=[])


class AttendeeAwardInput(graphene.InputObjectType):
    member_id = graphene.ID(required=True)
    minutes = graphene.Int(required=True)


class AwardAttendees(DomainMutation):
    """Credits each chosen attendee the minutes written beside them, all or nothing, once per key."""

    permissions = (in_domain(CommunityPermission.RUN_ANY_ACTIVITY, when="the activity is someone else's"),)

    class Arguments:
        activity_id = graphene.ID(required=True)
        awards = graphene.List(graphene.NonNull(AttendeeAwardInput), required=True)
        idempotency_key = graphene.String(required=True)

    awards = graphene.List(graphene.NonNull(ActivityAwardType))

    @classmethod
    def perform(cls, info, activity_id, awards, idempotency_key):
        made = attendance.do_award_attendees(
            actor_id=info.context.member.id,
            activity_id=local_id(activity_id),
            awards=[
                (local_id(award.member_id), award.minutes) for award in awards[: attendance.MAX_LISTED + 1]
            ],
            idempotency_key=idempotency_key,
        )
        return cls(awards=made, errors=[])


class ActivityMutations(graphene.ObjectType):
    create_activity = CreateActivity.Field()
    sign_up = SignUpForActivity.Field()
    cancel_sign_up = CancelSignUp.Field()
    check_in = CheckIn.Field()
    award_activity = AwardActivity.Field()
    cancel_activity = CancelActivity.Field()
    set_check_in_window = SetCheckInWindow.Field()
    create_activity_series = CreateActivitySeries.Field()
    mark_attendance = MarkAttendance.Field()
    award_attendees = AwardAttendees.Field()
