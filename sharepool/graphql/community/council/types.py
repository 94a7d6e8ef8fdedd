"""The resident council through the API (issue 13)."""

import graphene

from sharepool.graphql.community.neighbourhood.types import BuildingType, CommunityOrganisationType
from sharepool.graphql.community.timebank.types import member_field
from sharepool.graphql.core.scalars import DateTime
from sharepool.tenants.council.models import (
    Ballot,
    Council,
    CouncilEvent,
    Execution,
    ExecutionBuilding,
    Minutes,
    Motion,
    Seat,
    Session,
    Threshold,
    Vote,
)
from sharepool.tenants.council.services import quorum_now, quorum_of

MotionState = graphene.Enum.from_enum(Motion.State, name="MotionState")
MotionKind = graphene.Enum.from_enum(Motion.Kind, name="MotionKind")
SessionState = graphene.Enum.from_enum(Session.State, name="SessionState")
VoteMethod = graphene.Enum.from_enum(Vote.Method, name="VoteMethod")
VoteChoice = graphene.Enum.from_enum(Ballot.Choice, name="VoteChoice")
ThresholdEnum = graphene.Enum.from_enum(Threshold, name="Threshold")
ExecutionStatus = graphene.Enum.from_enum(ExecutionBuilding.Status, name="ExecutionStatus")
SeatKind = graphene.Enum.from_enum(Seat.Kind, name="CouncilSeatKind")


class SeatType(graphene.ObjectType):
    class Meta:
        name = "CouncilSeat"

    id = graphene.ID(required=True)
    council_id = graphene.ID(required=True)
    member = graphene.Field("sharepool.graphql.community.members.types.MemberType", required=True)
    kind = SeatKind(required=True)
    since = graphene.Date(required=True)
    until = graphene.Date(description="The day the member left the council; null while they hold the seat.")

    resolve_member = staticmethod(member_field("member_id"))


class CouncilType(graphene.ObjectType):
    class Meta:
        name = "Council"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    seconds_required = graphene.Int(required=True)
    quorum = graphene.Int(required=True, description="The number of voting members that makes a quorum now.")
    default_threshold = ThresholdEnum(required=True)
    research_required = graphene.Boolean(required=True)
    follow_up_days = graphene.Int(required=True)
    speech_seconds = graphene.Int(required=True)
    second_within_days = graphene.Int(required=True)
    voting_members = graphene.List(
        graphene.NonNull("sharepool.graphql.community.members.types.MemberType"), required=True
    )
    seats = graphene.List(
        graphene.NonNull(SeatType), required=True, description="The current seats, in the order given."
    )

    @staticmethod
    def resolve_quorum(council: Council, info):
        return quorum_of(council)

    @staticmethod
    def resolve_voting_members(council: Council, info):
        return [seat.member for seat in council.seats.filter(until__isnull=True).select_related("member")]

    @staticmethod
    def resolve_seats(council: Council, info) -> list[Seat]:
        return list(council.seats.filter(until__isnull=True).order_by("id"))


class SessionType(graphene.ObjectType):
    class Meta:
        name = "CouncilSession"

    id = graphene.ID(required=True)
    council_id = graphene.ID(required=True)
    number = graphene.Int(required=True)
    title = graphene.String(required=True)
    place = graphene.String(required=True)
    scheduled_at = DateTime(required=True)
    state = SessionState(required=True)
    chair = graphene.Field("sharepool.graphql.community.members.types.MemberType", required=True)
    secretary = graphene.Field("sharepool.graphql.community.members.types.MemberType", required=True)
    opened_at = DateTime()
    closed_at = DateTime()
    present = graphene.Int(required=True, description="Voting members present now.")
    entitled = graphene.Int(required=True)
    quorum = graphene.Int(required=True)
    agenda = graphene.List(graphene.NonNull(lambda: MotionType), required=True)
    minutes = graphene.Field(lambda: MinutesType)

    resolve_chair = staticmethod(member_field("chair_id"))
    resolve_secretary = staticmethod(member_field("secretary_id"))

    @staticmethod
    def resolve_present(session, info):
        return quorum_now(session).present

    @staticmethod
    def resolve_entitled(session, info):
        return quorum_now(session).entitled

    @staticmethod
    def resolve_quorum(session, info):
        return quorum_now(session).needed

    @staticmethod
    def resolve_agenda(session, info):
        return list(session.motions.filter(kind=Motion.Kind.MAIN).order_by("number", "id"))

    @staticmethod
    def resolve_minutes(session, info):
        return Minutes.objects.filter(session=session).first()


class MinutesType(graphene.ObjectType):
    class Meta:
        name = "CouncilMinutes"

    session_id = graphene.ID(required=True)
    text = graphene.String(required=True, description="Written from the session's events, in Chinese.")
    generated_at = DateTime(required=True)
    approved_in_session_id = graphene.ID()
    approved_at = DateTime()

    @staticmethod
    def resolve_approved_in_session_id(minutes, info):
        return minutes.approved_in_id


class VoteType(graphene.ObjectType):
    class Meta:
        name = "CouncilVote"

    id = graphene.ID(required=True)
    question = graphene.String(required=True, description="motion, or close_debate.")
    method = VoteMethod(required=True)
    threshold = ThresholdEnum(required=True)
    opened_at = DateTime(required=True)
    closed_at = DateTime()
    entitled = graphene.Int(required=True)
    quorum = graphene.Int(required=True)
    present_at_open = graphene.Int(required=True)
    present_at_close = graphene.Int()
    quorum_met = graphene.Boolean()
    yes = graphene.Int(description="Null while a ballot is open: the tally is not shown before the close.")
    no = graphene.Int()
    abstain = graphene.Int()
    result = graphene.String()
    ballots_cast = graphene.Int(required=True, description="Who voted is recorded; for a ballot, not how.")
    named_votes = graphene.List(
        graphene.NonNull(lambda: NamedVoteType), required=True, description="Roll call only."
    )

    @staticmethod
    def resolve_yes(vote, info):
        return None if vote.closed_at is None and vote.method == Vote.Method.BALLOT else vote.yes

    @staticmethod
    def resolve_no(vote, info):
        return None if vote.closed_at is None and vote.method == Vote.Method.BALLOT else vote.no

    @staticmethod
    def resolve_abstain(vote, info):
        return None if vote.closed_at is None and vote.method == Vote.Method.BALLOT else vote.abstain

    @staticmethod
    def resolve_result(vote, info):
        return vote.result or None

    @staticmethod
    def resolve_ballots_cast(vote, info):
        return vote.ballots.count()

    @staticmethod
    def resolve_named_votes(vote, info):
        if vote.method != Vote.Method.ROLL_CALL:
            return []
        return list(vote.ballots.order_by("id"))


class NamedVoteType(graphene.ObjectType):
    class Meta:
        name = "NamedVote"

    member = graphene.Field("sharepool.graphql.community.members.types.MemberType", required=True)
    choice = VoteChoice(required=True)

    resolve_member = staticmethod(member_field("member_id"))


class SpeakerType(graphene.ObjectType):
    class Meta:
        name = "CouncilSpeaker"

    id = graphene.ID(required=True)
    member = graphene.Field("sharepool.graphql.community.members.types.MemberType", required=True)
    round = graphene.Int(required=True)
    limit_seconds = graphene.Int(required=True)
    started_at = DateTime()
    ended_at = DateTime()

    resolve_member = staticmethod(member_field("member_id"))


class EventType(graphene.ObjectType):
    class Meta:
        name = "CouncilEvent"

    id = graphene.ID(required=True)
    kind = graphene.String(required=True)
    actor = graphene.Field("sharepool.graphql.community.members.types.MemberType")
    from_state = graphene.String(required=True)
    to_state = graphene.String(required=True)
    counts = graphene.JSONString(required=True)
    at = DateTime(required=True)

    resolve_actor = staticmethod(member_field("actor_id"))


class ExecutionBuildingType(graphene.ObjectType):
    class Meta:
        name = "ExecutionInBuilding"

    building = graphene.Field(BuildingType, required=True)
    status = ExecutionStatus(required=True)
    progress = graphene.Int(required=True)


class MilestoneType(graphene.ObjectType):
    class Meta:
        name = "ExecutionMilestone"

    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    due_on = graphene.Date(required=True)
    reached_at = DateTime()


class ExecutionType(graphene.ObjectType):
    class Meta:
        name = "MotionExecution"

    organisations = graphene.List(graphene.NonNull(CommunityOrganisationType), required=True)
    started_at = DateTime(required=True)
    due_on = graphene.Date(required=True)
    follow_up_on = graphene.Date(required=True)
    buildings = graphene.List(graphene.NonNull(ExecutionBuildingType), required=True)
    milestones = graphene.List(graphene.NonNull(MilestoneType), required=True)
    closing_report = graphene.String(required=True)
    completed_at = DateTime()
    follow_up_note = graphene.String(required=True)
    followed_up_at = DateTime()

    @staticmethod
    def resolve_organisations(execution: Execution, info):
        return list(execution.organisations.order_by("id"))

    @staticmethod
    def resolve_buildings(execution: Execution, info):
        return list(execution.buildings.select_related("building").order_by("building_id"))

    @staticmethod
    def resolve_milestones(execution: Execution, info):
        return list(execution.milestones.order_by("due_on", "id"))


class MotionTextType(graphene.ObjectType):
    class Meta:
        name = "MotionTextVersion"

    text = graphene.String(required=True)
    amendment_id = graphene.ID()
    at = DateTime(required=True)


class MotionType(graphene.ObjectType):
    class Meta:
        name = "Motion"

    id = graphene.ID(required=True)
    council_id = graphene.ID(required=True)
    number = graphene.Int(description="Given when seconded.")
    kind = MotionKind(required=True)
    parent_id = graphene.ID(description="The motion an amendment amends.")
    title = graphene.String(required=True)
    text = graphene.String(required=True)
    reason = graphene.String(required=True)
    research = graphene.String(required=True)
    mover = graphene.Field("sharepool.graphql.community.members.types.MemberType", required=True)
    seconders = graphene.List(
        graphene.NonNull("sharepool.graphql.community.members.types.MemberType"), required=True
    )
    state = MotionState(required=True)
    threshold = ThresholdEnum(required=True)
    session_id = graphene.ID()
    debate_closed = graphene.Boolean(required=True)
    referred_to = graphene.String(required=True)
    referred_until = graphene.Date()
    buildings = graphene.List(graphene.NonNull(BuildingType), required=True)
    amendments = graphene.List(graphene.NonNull(lambda: MotionType), required=True)
    texts = graphene.List(graphene.NonNull(MotionTextType), required=True, description="Every version.")
    speakers = graphene.List(graphene.NonNull(SpeakerType), required=True)
    votes = graphene.List(graphene.NonNull(VoteType), required=True)
    execution = graphene.Field(ExecutionType)
    events = graphene.List(graphene.NonNull(EventType), required=True, description="The append-only log.")

    resolve_mover = staticmethod(member_field("mover_id"))

    @staticmethod
    def resolve_seconders(motion, info):
        return [second.member for second in motion.seconds.select_related("member").order_by("id")]

    @staticmethod
    def resolve_buildings(motion, info):
        return list(motion.buildings.order_by("id"))

    @staticmethod
    def resolve_amendments(motion, info):
        return list(motion.amendments.order_by("id"))

    @staticmethod
    def resolve_texts(motion, info):
        return list(motion.texts.order_by("id"))

    @staticmethod
    def resolve_speakers(motion, info):
        return list(motion.speakers.order_by("round", "position"))

    @staticmethod
    def resolve_votes(motion, info):
        return list(motion.votes.order_by("id"))

    @staticmethod
    def resolve_execution(motion, info):
        return Execution.objects.filter(motion=motion).first()

    @staticmethod
    def resolve_events(motion, info):
        return list(CouncilEvent.objects.filter(motion=motion).order_by("id"))
