"""What the council's pages and its GraphQL queries read (issue 13): one function per question, so that
both edges show the same rows in the same order.

Each read loads its related rows in a fixed number of queries (select_related / prefetch_related), so a
page's query count does not grow with the number of sessions, motions, buildings or events.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from sharepool.core.ids import local_id
from sharepool.tenants.council.models import (
    Attendance,
    Ballot,
    Council,
    CouncilEvent,
    Execution,
    ExecutionBuilding,
    Minutes,
    Motion,
    MotionText,
    Seat,
    Second,
    Session,
    Speaker,
    Vote,
)

S = Motion.State
# A main motion after adoption: what residents follow, building by building.
CARRIED_OUT = (S.IN_EXECUTION, S.COMPLETED, S.FOLLOWED_UP)


def councils() -> list[Council]:
    return list(Council.objects.order_by("id"))


def council_by_id(council_id: object) -> Council | None:
    return Council.objects.filter(id=local_id(council_id)).first()


def current_seats(council: Council) -> list[Seat]:
    """The voting members now, in the order they were seated, with their member (one query)."""
    return list(
        Seat.objects.filter(council=council, until__isnull=True)
        .select_related("member")
        .order_by("since", "id")
    )


def ended_seats(council: Council, *, limit: int = 20) -> list[Seat]:
    """Who left the council lately, the latest first: the seats page shows the council's recent history."""
    return list(
        Seat.objects.filter(council=council, until__isnull=False)
        .select_related("member")
        .order_by("-until", "-id")[:limit]
    )


def sessions(*, council_id=None) -> QuerySet[Session]:
    """Newest first, with their chair, secretary and minutes."""
    rows = Session.objects.select_related("council", "chair", "secretary", "minutes").order_by(
        "-scheduled_at", "-id"
    )
    if council_id is not None:
        rows = rows.filter(council_id=local_id(council_id))
    return rows


def session_by_id(session_id) -> Session | None:
    return sessions().filter(id=local_id(session_id)).first()


def motions(
    *, council_id=None, state=None, building_id=None, include_amendments: bool = False
) -> QuerySet[Motion]:
    """Newest first, with their mover and their votes (the last closed one is the result)."""
    rows = (
        Motion.objects.select_related("mover", "session")
        .prefetch_related(Prefetch("votes", queryset=Vote.objects.order_by("id")))
        .order_by("-id")
    )
    if not include_amendments:
        rows = rows.filter(kind=Motion.Kind.MAIN)
    if council_id is not None:
        rows = rows.filter(council_id=local_id(council_id))
    if state is not None:
        rows = rows.filter(state=state)
    if building_id is not None:
        rows = rows.filter(buildings=local_id(building_id))
    return rows


def motion_by_id(motion_id) -> Motion | None:
    return Motion.objects.filter(id=local_id(motion_id)).first()


def last_result(motion: Motion) -> Vote | None:
    """The closed vote on the motion itself (not on closing debate), from the prefetched votes."""
    closed = [v for v in motion.votes.all() if v.closed_at is not None and v.question == Vote.Question.MOTION]
    return closed[-1] if closed else None


@dataclass(frozen=True)
class ExecutionRecord:
    execution: Execution
    buildings: list[ExecutionBuilding]
    done: int
    average_progress: int


def execution_record(motion: Motion) -> ExecutionRecord | None:
    execution = (
        Execution.objects.filter(motion=motion)
        .prefetch_related(
            "organisations",
            "milestones",
            Prefetch(
                "buildings",
                queryset=ExecutionBuilding.objects.select_related("building__estate").order_by("building_id"),
            ),
        )
        .first()
    )
    if execution is None:
        return None
    children = list(execution.buildings.all())
    done = sum(1 for child in children if child.status == ExecutionBuilding.Status.DONE)
    average = round(sum(child.progress for child in children) / len(children)) if children else 0
    return ExecutionRecord(execution, children, done, average)


@dataclass(frozen=True)
class MotionRecord:
    """A motion's page: its text as it stood at each version, how it got here, and what came of it."""

    motion: Motion
    texts: list[MotionText]
    seconders: list[Second]
    amendments: list[Motion]
    speakers: list[Speaker]
    votes: list[Vote]
    events: list[CouncilEvent]
    execution: ExecutionRecord | None


def motion_record(motion_id) -> MotionRecord | None:
    motion = (
        Motion.objects.select_related("council", "mover", "session", "parent")
        .prefetch_related(
            Prefetch("buildings"),
            Prefetch("texts", queryset=MotionText.objects.order_by("id")),
            Prefetch("seconds", queryset=Second.objects.select_related("member").order_by("id")),
            Prefetch("amendments", queryset=Motion.objects.select_related("mover").order_by("id")),
            Prefetch(
                "speakers", queryset=Speaker.objects.select_related("member").order_by("round", "position")
            ),
            Prefetch(
                "votes",
                queryset=Vote.objects.prefetch_related(
                    Prefetch("ballots", queryset=Ballot.objects.select_related("member").order_by("id"))
                ).order_by("id"),
            ),
            Prefetch("events", queryset=CouncilEvent.objects.select_related("actor").order_by("id")),
        )
        .filter(id=local_id(motion_id))
        .first()
    )
    if motion is None:
        return None
    return MotionRecord(
        motion=motion,
        texts=list(motion.texts.all()),
        seconders=list(motion.seconds.all()),
        amendments=list(motion.amendments.all()),
        speakers=list(motion.speakers.all()),
        votes=list(motion.votes.all()),
        events=list(motion.events.all()),
        execution=execution_record(motion) if motion.state in CARRIED_OUT else None,
    )


def executions_by_building() -> list[ExecutionRecord]:
    """Every motion being or been carried out, newest first, with its buildings' progress."""
    executions = (
        Execution.objects.select_related("motion")
        .prefetch_related(
            Prefetch(
                "buildings",
                queryset=ExecutionBuilding.objects.select_related("building").order_by("building_id"),
            )
        )
        .order_by("-started_at", "-id")
    )
    records = []
    for execution in executions:
        children = list(execution.buildings.all())
        done = sum(1 for child in children if child.status == ExecutionBuilding.Status.DONE)
        average = round(sum(child.progress for child in children) / len(children)) if children else 0
        records.append(ExecutionRecord(execution, children, done, average))
    return records


@dataclass(frozen=True)
class Decision:
    """What the council decided for one building, and how far it is there."""

    motion: Motion
    result: Vote | None
    here: ExecutionBuilding | None


def decisions_for_building(building_id) -> list[Decision]:
    """The motions concerning the building (newest first) and, once carried out, its own progress."""
    concerning = list(motions(building_id=building_id))
    children = {
        child.execution.motion_id: child
        for child in ExecutionBuilding.objects.select_related("execution").filter(
            building_id=local_id(building_id), execution__motion__in=concerning
        )
    }
    return [Decision(motion, last_result(motion), children.get(motion.id)) for motion in concerning]


# ---------------------------------------------------------------------------------------------
# A session as the chair and the secretary run it


@dataclass(frozen=True)
class RollEntry:
    seat: Seat
    attendance: Attendance | None

    @property
    def present(self) -> bool:
        return self.attendance is not None and self.attendance.left_at is None


def roll(session: Session) -> list[RollEntry]:
    """The council's voting members in seat order, each with their attendance at this session."""
    seats = list(
        Seat.objects.filter(council_id=session.council_id, until__isnull=True)
        .select_related("member")
        .order_by("id")
    )
    attendances = {a.member_id: a for a in Attendance.objects.filter(session=session)}
    return [RollEntry(seat, attendances.get(seat.member_id)) for seat in seats]


def agenda(session: Session) -> list[Motion]:
    """The main motions before the session, in number order, with their amendments."""
    return list(
        Motion.objects.filter(session=session, kind=Motion.Kind.MAIN)
        .select_related("mover")
        .prefetch_related(Prefetch("amendments", queryset=Motion.objects.order_by("id")))
        .order_by("number", "id")
    )


def on_the_floor(session: Session) -> Motion | None:
    """The question before the assembly: an amendment pending or being voted goes before its parent
    (the deepest first), then the main motion pending or being voted."""
    before = list(
        Motion.objects.filter(session=session, state__in=[S.PENDING, S.VOTING])
        .select_related("parent", "mover")
        .order_by("id")
    )
    if not before:
        return None
    parents = {m.parent_id for m in before}
    undecided_children = [m for m in before if m.id not in parents]
    return undecided_children[-1]


def schedulable(session: Session) -> list[Motion]:
    """Seconded motions of the council that may go on this session's agenda (and those postponed to it)."""
    return list(
        Motion.objects.filter(council_id=session.council_id, kind=Motion.Kind.MAIN)
        .filter(state=S.SECONDED)
        .union(Motion.objects.filter(session=session, state=S.POSTPONED))
        .order_by("number")
    )


def open_vote(motion: Motion) -> Vote | None:
    return Vote.objects.filter(motion=motion, closed_at__isnull=True).first()


def ballots_cast(vote: Vote) -> int:
    return Ballot.objects.filter(vote=vote).count()


def minutes_to_approve(session: Session) -> list[Minutes]:
    """Minutes of the council's earlier sessions not approved yet."""
    return list(
        Minutes.objects.filter(
            session__council_id=session.council_id,
            session__number__lt=session.number,
            approved_at__isnull=True,
        )
        .select_related("session")
        .order_by("session__number")
    )


def later_sessions(session: Session) -> list[Session]:
    """The council's sessions still to come after this one: where a motion may be postponed to."""
    return list(
        Session.objects.filter(
            council_id=session.council_id,
            state=Session.State.SCHEDULED,
            scheduled_at__gt=session.scheduled_at,
        ).order_by("scheduled_at")
    )
