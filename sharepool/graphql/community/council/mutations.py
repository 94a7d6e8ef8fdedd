"""Council operations (issue 13). Each one: declared permissions, arguments, one domain call.

Taking part (moving, seconding, speaking, voting) needs TAKE_PART; running a session needs no more,
because the chair and secretary are named per session: the domain checks that the actor is the
session's chair, its secretary or a community worker, and answers `not_permitted` otherwise.
"""

import graphene

from sharepool.core.ids import local_id
from sharepool.graphql.community.council.types import (
    CouncilType,
    ExecutionType,
    MinutesType,
    MotionType,
    SeatKind,
    SeatType,
    SessionType,
    ThresholdEnum,
    VoteChoice,
    VoteMethod,
    VoteType,
)
from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.scalars import DateTime
from sharepool.tenants.council import services
from sharepool.tenants.council.models import Motion, Seat, Threshold
from sharepool.tenants.members.permissions import CommunityPermission

TAKE_PART = (CommunityPermission.TAKE_PART_IN_COUNCIL,)
RUN = (CommunityPermission.TAKE_PART_IN_COUNCIL,)  # the domain checks chair/secretary/worker per session


def value(enum_member):
    return getattr(enum_member, "value", enum_member)


class CreateCouncil(DomainMutation):
    """A worker creates the council; a rule left out takes its default (one second, a majority of the
    voting members as quorum, a majority of the votes cast, a research report, a follow-up in 30 days)."""

    permissions = (CommunityPermission.RUN_COUNCIL,)

    class Arguments:
        name = graphene.String(required=True)
        seconds_required = graphene.Int(default_value=1)
        quorum = graphene.Int(description="Voting members present for business; null: a majority of them.")
        default_threshold = ThresholdEnum(default_value=Threshold.MAJORITY.value)
        research_required = graphene.Boolean(default_value=True)
        follow_up_days = graphene.Int(default_value=30)
        second_within_days = graphene.Int(default_value=14)
        speech_seconds = graphene.Int(default_value=180)

    council = graphene.Field(CouncilType)

    @classmethod
    def perform(cls, info, name, default_threshold, quorum=None, **rules):
        council = services.do_create_council(
            actor=info.context.member,
            name=name,
            quorum=quorum,
            default_threshold=value(default_threshold),
            **rules,
        )
        return cls(council=council, errors=[])


class GiveSeat(DomainMutation):
    """A worker seats an active member of the community as a voting member of the council."""

    permissions = (CommunityPermission.RUN_COUNCIL,)

    class Arguments:
        council_id = graphene.ID(required=True)
        member_id = graphene.ID(required=True)
        kind = SeatKind(default_value=Seat.Kind.REPRESENTATIVE.value)

    seat = graphene.Field(SeatType)

    @classmethod
    def perform(cls, info, council_id, member_id, kind):
        seat = services.do_give_seat(
            actor=info.context.member, council_id=council_id, member_id=member_id, kind=value(kind)
        )
        return cls(seat=seat, errors=[])


class EndSeat(DomainMutation):
    """The member leaves the council today; the seat stays in the record with its dates."""

    permissions = (CommunityPermission.RUN_COUNCIL,)

    class Arguments:
        seat_id = graphene.ID(required=True)

    seat = graphene.Field(SeatType)

    @classmethod
    def perform(cls, info, seat_id):
        return cls(seat=services.do_end_seat(actor=info.context.member, seat_id=seat_id), errors=[])


class CreateSession(DomainMutation):
    permissions = (CommunityPermission.RUN_COUNCIL,)

    class Arguments:
        council_id = graphene.ID(required=True)
        title = graphene.String(required=True)
        scheduled_at = DateTime(required=True)
        chair_id = graphene.ID(required=True)
        secretary_id = graphene.ID(required=True)
        place = graphene.String(default_value="")

    session = graphene.Field(SessionType)

    @classmethod
    def perform(cls, info, council_id, title, scheduled_at, chair_id, secretary_id, place):
        session = services.do_create_session(
            actor=info.context.member,
            council_id=council_id,
            title=title,
            scheduled_at=scheduled_at,
            chair_id=chair_id,
            secretary_id=secretary_id,
            place=place,
        )
        return cls(session=session, errors=[])


class OpenSession(DomainMutation):
    """Opened with a quorum present; without one, the session is recorded as failing for lack of it."""

    permissions = RUN

    class Arguments:
        session_id = graphene.ID(required=True)

    session = graphene.Field(SessionType)

    @classmethod
    def perform(cls, info, session_id):
        return cls(
            session=services.do_open_session(actor=info.context.member, session_id=session_id), errors=[]
        )


class CheckInToSession(DomainMutation):
    """A member checks in; the secretary marks another present at roll call (or, with `leave`, gone)."""

    permissions = TAKE_PART

    class Arguments:
        session_id = graphene.ID(required=True)
        member_id = graphene.ID(description="The secretary's roll call: someone else.")
        leave = graphene.Boolean(default_value=False)

    session = graphene.Field(SessionType)

    @classmethod
    def perform(cls, info, session_id, leave, member_id=None):
        step = services.do_leave_session if leave else services.do_check_in_to_session
        attendance = step(actor=info.context.member, session_id=session_id, member_id=member_id)
        return cls(session=attendance.session, errors=[])


class CloseSession(DomainMutation):
    permissions = RUN

    class Arguments:
        session_id = graphene.ID(required=True)
        adjourn = graphene.Boolean(default_value=False, description="Stop before the business is done.")

    session = graphene.Field(SessionType)

    @classmethod
    def perform(cls, info, session_id, adjourn):
        session = services.do_close_session(actor=info.context.member, session_id=session_id, adjourn=adjourn)
        return cls(session=session, errors=[])


class SubmitMotion(DomainMutation):
    """Without `motionId`: a new draft, filed at once unless `draftOnly`. With it: the mover files the draft."""

    permissions = TAKE_PART

    class Arguments:
        motion_id = graphene.ID()
        council_id = graphene.ID()
        title = graphene.String(default_value="")
        text = graphene.String(default_value="")
        reason = graphene.String(default_value="")
        research = graphene.String(default_value="", description="The research report (调研报告).")
        building_ids = graphene.List(graphene.NonNull(graphene.ID))
        threshold = ThresholdEnum()
        draft_only = graphene.Boolean(default_value=False)

    motion = graphene.Field(MotionType)

    @classmethod
    def perform(
        cls,
        info,
        title,
        text,
        reason,
        research,
        draft_only,
        motion_id=None,
        council_id=None,
        building_ids=None,
        threshold=None,
    ):
        actor = info.context.member
        if motion_id is None:
            motion = services.do_draft_and_submit_motion(
                actor=actor,
                council_id=council_id,
                title=title,
                text=text,
                reason=reason,
                research=research,
                building_ids=(building_ids or [])[:500],
                threshold=value(threshold),
                submit=not draft_only,
            )
        else:
            motion = services.do_submit_motion(actor=actor, motion_id=motion_id)
        return cls(motion=motion, errors=[])


def motion_mutation(name, step, doc, permissions=TAKE_PART, **arguments):
    """A mutation on one motion: `motionId` and `arguments`, one domain step, the motion back."""

    def perform(cls, info, motion_id, **kwargs):
        kwargs = {key: value(item) for key, item in kwargs.items()}
        step(actor=info.context.member, motion_id=motion_id, **kwargs)
        return cls(motion=Motion.objects.get(id=local_id(motion_id)), errors=[])

    return type(
        name,
        (DomainMutation,),
        {
            "__doc__": doc,
            "permissions": permissions,
            "Arguments": type("Arguments", (), {"motion_id": graphene.ID(required=True), **arguments}),
            "motion": graphene.Field(MotionType),
            "perform": classmethod(perform),
        },
    )


SecondMotion = motion_mutation(
    "SecondMotion", services.do_second_motion, "A voting member, not the mover, seconds."
)
StateQuestion = motion_mutation(
    "StateQuestion", services.do_state_question, "The chair puts the motion before the assembly.", RUN
)
WithdrawMotion = motion_mutation(
    "WithdrawMotion",
    services.do_withdraw_motion,
    "By the mover before it is stated; by consent (the chair) after.",
)
AddResearch = motion_mutation(
    "AddResearch",
    services.do_add_research,
    "A research report added to a draft (by the mover or a voting member).",
    research=graphene.String(required=True),
)
ReturnReferredMotion = motion_mutation(
    "ReturnReferredMotion",
    services.do_return_referred_motion,
    "The study's report is in: the referred motion is a draft again, the report added to its research "
    "(by the mover or a community worker).",
    report=graphene.String(required=True),
)
ReferMotion = motion_mutation(
    "ReferMotion",
    services.do_refer_motion,
    "Sent for study with a due date; it comes back as a draft.",
    RUN,
    to=graphene.String(required=True),
    report_due=graphene.Date(required=True),
)
PostponeMotion = motion_mutation(
    "PostponeMotion",
    services.do_postpone_motion,
    "To a later scheduled session, where it is scheduled again.",
    RUN,
    to_session_id=graphene.ID(required=True),
)
ScheduleMotion = motion_mutation(
    "ScheduleMotion",
    services.do_schedule_motion,
    "On a session's agenda.",
    RUN,
    session_id=graphene.ID(required=True),
)
AddSpeaker = motion_mutation(
    "AddSpeaker",
    services.do_add_speaker,
    "On the speakers' list (the secretary may add someone else).",
    member_id=graphene.ID(),
)
GiveFloor = motion_mutation(
    "GiveFloor",
    services.do_give_floor,
    "The floor to the next speaker, or a named one in their turn.",
    RUN,
    speaker_id=graphene.ID(),
)
EndSpeech = motion_mutation("EndSpeech", services.do_end_speech, "The speaker's time is over.", RUN)
ReportProgress = motion_mutation(
    "ReportProgress",
    services.do_report_progress,
    "Progress in a building (percent, never backwards), or a milestone reached.",
    TAKE_PART,
    building_id=graphene.ID(),
    progress=graphene.Int(),
    milestone_id=graphene.ID(),
    note=graphene.String(default_value=""),
)


class ProposeAmendment(DomainMutation):
    """A child motion with the parent's new text; it needs its own second and is voted first."""

    permissions = TAKE_PART

    class Arguments:
        motion_id = graphene.ID(required=True)
        text = graphene.String(required=True)
        title = graphene.String(default_value="")

    motion = graphene.Field(MotionType, description="The amendment.")

    @classmethod
    def perform(cls, info, motion_id, text, title):
        amendment = services.do_propose_amendment(
            actor=info.context.member, motion_id=motion_id, text=text, title=title
        )
        return cls(motion=amendment, errors=[])


class CloseDebate(DomainMutation):
    """The previous question: counted, adopted by two thirds of the votes cast."""

    permissions = RUN

    class Arguments:
        motion_id = graphene.ID(required=True)
        yes = graphene.Int(required=True)
        no = graphene.Int(required=True)
        abstain = graphene.Int(default_value=0)

    vote = graphene.Field(VoteType)

    @classmethod
    def perform(cls, info, motion_id, yes, no, abstain):
        vote = services.do_close_debate(
            actor=info.context.member, motion_id=motion_id, yes=yes, no=no, abstain=abstain
        )
        return cls(vote=vote, errors=[])


class OpenVote(DomainMutation):
    permissions = RUN

    class Arguments:
        motion_id = graphene.ID(required=True)
        method = VoteMethod(required=True)

    vote = graphene.Field(VoteType)

    @classmethod
    def perform(cls, info, motion_id, method):
        vote = services.do_open_vote(actor=info.context.member, motion_id=motion_id, method=value(method))
        return cls(vote=vote, errors=[])


class CastVote(DomainMutation):
    """Roll call (named) or ballot (secret: who voted is recorded, not how)."""

    permissions = TAKE_PART

    class Arguments:
        motion_id = graphene.ID(required=True)
        choice = VoteChoice(required=True)

    ok = graphene.Boolean()

    @classmethod
    def perform(cls, info, motion_id, choice):
        services.do_cast_vote(actor=info.context.member, motion_id=motion_id, choice=value(choice))
        return cls(ok=True, errors=[])


class CloseVote(DomainMutation):
    """The result against the snapshot; a voice vote or show of hands takes the chair's counts."""

    permissions = RUN

    class Arguments:
        motion_id = graphene.ID(required=True)
        yes = graphene.Int()
        no = graphene.Int()
        abstain = graphene.Int()

    vote = graphene.Field(VoteType)

    @classmethod
    def perform(cls, info, motion_id, yes=None, no=None, abstain=None):
        vote = services.do_close_vote(
            actor=info.context.member, motion_id=motion_id, yes=yes, no=no, abstain=abstain
        )
        return cls(vote=vote, errors=[])


class ApproveMinutes(DomainMutation):
    permissions = RUN

    class Arguments:
        minutes_session_id = graphene.ID(required=True, description="The session the minutes record.")
        in_session_id = graphene.ID(required=True, description="The later session approving them.")

    minutes = graphene.Field(MinutesType)

    @classmethod
    def perform(cls, info, minutes_session_id, in_session_id):
        minutes = services.do_approve_minutes(
            actor=info.context.member, minutes_session_id=minutes_session_id, in_session_id=in_session_id
        )
        return cls(minutes=minutes, errors=[])


class MilestoneInput(graphene.InputObjectType):
    title = graphene.String(required=True)
    due_on = graphene.Date(required=True)


class StartExecution(DomainMutation):
    permissions = (CommunityPermission.RUN_COUNCIL,)

    class Arguments:
        motion_id = graphene.ID(required=True)
        due_on = graphene.Date(required=True)
        organisation_ids = graphene.List(graphene.NonNull(graphene.ID))
        milestones = graphene.List(graphene.NonNull(MilestoneInput))

    execution = graphene.Field(ExecutionType)

    @classmethod
    def perform(cls, info, motion_id, due_on, organisation_ids=None, milestones=None):
        execution = services.do_start_execution(
            actor=info.context.member,
            motion_id=motion_id,
            due_on=due_on,
            organisation_ids=(organisation_ids or [])[:100],
            milestones=[(m.title, m.due_on) for m in (milestones or [])[:100]],
        )
        return cls(execution=execution, errors=[])


class CompleteExecution(DomainMutation):
    permissions = (CommunityPermission.RUN_COUNCIL,)

    class Arguments:
        motion_id = graphene.ID(required=True)
        closing_report = graphene.String(required=True)

    execution = graphene.Field(ExecutionType)

    @classmethod
    def perform(cls, info, motion_id, closing_report):
        execution = services.do_complete_execution(
            actor=info.context.member, motion_id=motion_id, closing_report=closing_report
        )
        return cls(execution=execution, errors=[])


class RecordFollowUp(DomainMutation):
    permissions = (CommunityPermission.RUN_COUNCIL,)

    class Arguments:
        motion_id = graphene.ID(required=True)
        note = graphene.String(required=True)

    execution = graphene.Field(ExecutionType)

    @classmethod
    def perform(cls, info, motion_id, note):
        execution = services.do_record_follow_up(actor=info.context.member, motion_id=motion_id, note=note)
        return cls(execution=execution, errors=[])


class CouncilMutations(graphene.ObjectType):
    create_council = CreateCouncil.Field()
    give_seat = GiveSeat.Field()
    end_seat = EndSeat.Field()
    create_session = CreateSession.Field()
    open_session = OpenSession.Field()
    check_in_to_session = CheckInToSession.Field()
    close_session = CloseSession.Field()
    submit_motion = SubmitMotion.Field()
    second_motion = SecondMotion.Field()
    schedule_motion = ScheduleMotion.Field()
    state_question = StateQuestion.Field()
    propose_amendment = ProposeAmendment.Field()
    add_speaker = AddSpeaker.Field()
    give_floor = GiveFloor.Field()
    end_speech = EndSpeech.Field()
    close_debate = CloseDebate.Field()
    open_vote = OpenVote.Field()
    cast_vote = CastVote.Field()
    close_vote = CloseVote.Field()
    withdraw_motion = WithdrawMotion.Field()
    add_research = AddResearch.Field()
    refer_motion = ReferMotion.Field()
    return_referred_motion = ReturnReferredMotion.Field()
    postpone_motion = PostponeMotion.Field()
    approve_minutes = ApproveMinutes.Field()
    start_execution = StartExecution.Field()
    report_progress = ReportProgress.Field()
    complete_execution = CompleteExecution.Field()
    record_follow_up = RecordFollowUp.Field()
