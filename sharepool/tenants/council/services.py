"""The resident council by Robert's Rules (shared/design/COUNCIL.md, issue 13).

Every function loads what it changes under a row lock (the motion, or the session), checks every rule
before it writes, and writes one CouncilEvent per transition in the same transaction: who, when, from,
to, and the counts of that moment. A refused step raises a CouncilError with a stable code and writes
nothing. Notifications go through `do_notify` inside the transaction.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NoReturn

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.audit import snapshot
from sharepool.core.ids import local_id
from sharepool.core.text import api_name, check_model_texts
from sharepool.tenants.audit.services import CommunityAuditAction as AuditAction
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.council.errors import CouncilError, CouncilErrorCode
from sharepool.tenants.council.minutes import minutes_text
from sharepool.tenants.council.models import (
    Attendance,
    Ballot,
    Council,
    CouncilEvent,
    Execution,
    ExecutionBuilding,
    Milestone,
    Minutes,
    Motion,
    MotionText,
    Seat,
    Second,
    Session,
    Speaker,
    Threshold,
    Vote,
)
from sharepool.tenants.ledger.actors import load_active_member
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission, has_permission
from sharepool.tenants.neighbourhood.models import Building, BuildingHead, CommunityOrganisation
from sharepool.tenants.notifications.models import Kind as NotificationKind
from sharepool.tenants.notifications.services import do_notify

S = Motion.State
# An amendment may itself be amended once: a motion, an amendment, an amendment to the amendment.
MAX_AMENDMENT_DEPTH = 2
# Before it is stated, the mover withdraws at will; after, only with the assembly's consent.
WITHDRAWABLE_BY_MOVER = {S.DRAFT, S.SUBMITTED, S.SECONDED, S.SCHEDULED, S.POSTPONED}


def refuse(code: CouncilErrorCode, message, field: str | None = None) -> NoReturn:
    raise CouncilError(code, message, field=field)


# ---------------------------------------------------------------------------------------------
# Loading and the facts every rule reads


def load_council(council_id) -> Council:
    council = Council.objects.filter(id=local_id(council_id)).first()
    if council is None:
        refuse(CouncilErrorCode.COUNCIL_NOT_FOUND, _("No such council."), "councilId")
    return council


def locked_session(session_id) -> Session:
    session = Session.objects.select_for_update().filter(id=local_id(session_id)).first()
    if session is None:
        refuse(CouncilErrorCode.SESSION_NOT_FOUND, _("No such session."), "sessionId")
    return session


def locked_motion(motion_id, field: str = "motionId") -> Motion:
    motion = Motion.objects.select_for_update().filter(id=local_id(motion_id)).first()
    if motion is None:
        refuse(CouncilErrorCode.MOTION_NOT_FOUND, _("No such motion."), field)
    return motion


def voting_member_ids(council: Council) -> set[int]:
    return set(
        Seat.objects.filter(
            council=council, until__isnull=True, member__status=Member.Status.ACTIVE
        ).values_list("member_id", flat=True)
    )


def is_voting_member(council: Council, member: Member) -> bool:
    return Seat.objects.filter(council=council, member=member, until__isnull=True).exists()


def require_voting_member(council: Council, member: Member) -> None:
    if not is_voting_member(council, member):
        refuse(CouncilErrorCode.NOT_A_VOTING_MEMBER, _("Only voting members of the council may do this."))


def quorum_of(council: Council) -> int:
    return council.quorum or len(voting_member_ids(council)) // 2 + 1


def present_voting_members(session: Session) -> int:
    return Attendance.objects.filter(
        session=session, left_at__isnull=True, member_id__in=voting_member_ids(session.council)
    ).count()


@dataclass(frozen=True)
class Quorum:
    entitled: int
    present: int
    needed: int

    @property
    def met(self) -> bool:
        return self.present >= self.needed


def quorum_now(session: Session) -> Quorum:
    return Quorum(
        entitled=len(voting_member_ids(session.council)),
        present=present_voting_members(session),
        needed=quorum_of(session.council),
    )


def require_quorum(session: Session) -> Quorum:
    quorum = quorum_now(session)
    if not quorum.met:
        refuse(
            CouncilErrorCode.QUORUM_NOT_PRESENT,
            _("No quorum: %(present)d of %(needed)d voting members needed are present.")
            % {"present": quorum.present, "needed": quorum.needed},
        )
    return quorum


def require_secretariat(session: Session, actor: Member) -> None:
    """Community workers run the council's secretariat; the session's chair and secretary run it."""
    if has_permission(actor, CommunityPermission.RUN_COUNCIL) or actor.id in (
        session.chair_id,
        session.secretary_id,
    ):
        return
    refuse(
        CouncilErrorCode.NOT_PERMITTED, _("Only the chair, the secretary or a community worker may do this.")
    )


def require_staff(actor: Member) -> None:
    if not has_permission(actor, CommunityPermission.RUN_COUNCIL):
        refuse(CouncilErrorCode.NOT_PERMITTED, _("Only a community worker may do this."))


def require_state(motion: Motion, *states) -> None:
    if motion.state not in states:
        refuse(
            CouncilErrorCode.WRONG_STATE,
            _("This cannot be done to a motion that is %(state)s.")
            % {"state": Motion.State(motion.state).label},
        )


def session_of(motion: Motion, *, lock: bool = False) -> Session | None:
    """The session the motion is before, or None (it is on no agenda)."""
    if motion.session_id is None:
        return None
    sessions = Session.objects.select_for_update() if lock else Session.objects
    return sessions.get(id=motion.session_id)


def require_open_session(session: Session | None) -> Session:
    if session is None or session.state != Session.State.OPENED:
        refuse(CouncilErrorCode.SESSION_NOT_OPEN, _("The session is not in progress."))
    return session


def record(
    *,
    council: Council,
    kind: str,
    actor: Member | None,
    motion: Motion | None = None,
    session: Session | None = None,
    from_state: str = "",
    to_state: str = "",
    counts: dict | None = None,
    **detail,
) -> CouncilEvent:
    return CouncilEvent.objects.create(
        council=council,
        # A motion's event belongs to the session it is before, so that the minutes find it.
        session_id=session.id if session is not None else (motion.session_id if motion is not None else None),
        motion=motion,
        actor=actor,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        counts=counts or {},
        detail=detail,
        at=timezone.now(),
    )


def move(
    motion: Motion, to_state: str, *, actor: Member | None, kind: str, session=None, counts=None, **detail
):
    """The one way a motion changes state: the row and its event together."""
    from_state = motion.state
    motion.state = to_state
    record(
        council=motion.council,
        kind=kind,
        actor=actor,
        motion=motion,
        session=session or motion.session,
        from_state=from_state,
        to_state=to_state,
        counts=counts,
        **detail,
    )


def notify_voting_members(council: Council, *, kind: str, body: str, key: str, link: str = "") -> None:
    for member_id in sorted(voting_member_ids(council)):
        do_notify(member_id=member_id, kind=kind, body=body, link=link, key=f"{key}:{member_id}")


# ---------------------------------------------------------------------------------------------
# Councils and seats


# What each rule may be: a council with no second, a follow-up on the due date or a speech of ten
# seconds would make the procedure a formality (COUNCIL.md); the upper bounds keep typos out.
RULE_BOUNDS: dict[str, tuple[int, int, CouncilErrorCode]] = {
    "seconds_required": (1, 10, CouncilErrorCode.SECONDS_REQUIRED_INVALID),
    "quorum": (1, 1000, CouncilErrorCode.QUORUM_INVALID),
    "follow_up_days": (1, 365, CouncilErrorCode.FOLLOW_UP_DAYS_INVALID),
    "second_within_days": (1, 90, CouncilErrorCode.SECOND_WITHIN_DAYS_INVALID),
    "speech_seconds": (30, 3600, CouncilErrorCode.SPEECH_SECONDS_INVALID),
}


@dataclass(frozen=True)
class CouncilRules:
    """A council's rules, the model's defaults (COUNCIL.md): one second, a majority of the voting
    members as quorum (None), a majority of the votes cast, a research report, a follow-up 30 days on."""

    seconds_required: int = 1
    quorum: int | None = None
    default_threshold: str = Threshold.MAJORITY
    research_required: bool = True
    follow_up_days: int = 30
    second_within_days: int = 14
    speech_seconds: int = 180


def check_rules(rules: CouncilRules) -> None:
    """Every rule in its bounds, or a refusal naming the rule's field; nothing is written before."""
    for name, (low, high, code) in RULE_BOUNDS.items():
        number = getattr(rules, name)
        if number is None and name == "quorum":
            continue
        if not isinstance(number, int) or isinstance(number, bool) or not low <= number <= high:
            refuse(
                code,
                _("Between %(low)d and %(high)d.") % {"low": low, "high": high},
                api_name(name),
            )
    if rules.default_threshold not in Threshold.values:
        refuse(CouncilErrorCode.THRESHOLD_INVALID, _("Unknown threshold."), "defaultThreshold")


@transaction.atomic
def do_create_council(*, actor: Member, name: str, **rules: Any) -> Council:
    """A worker creates the council with its rules (any left out take the defaults of CouncilRules; an
    unknown rule's name is a programming error, a TypeError)."""
    require_staff(actor)
    name = name.strip()
    if not name:
        refuse(CouncilErrorCode.NAME_REQUIRED, _("Give a name."), "name")
    check_model_texts(Council, name=name)
    checked = CouncilRules(**rules)
    check_rules(checked)
    if Council.objects.filter(name=name).exists():
        refuse(CouncilErrorCode.NAME_TAKEN, _("A council of this name exists already."), "name")
    council = Council.objects.create(name=name, **vars(checked))
    record(council=council, kind="council_created", actor=actor, detail_rules=vars(checked))
    record_audit(actor=actor, action=AuditAction.COUNCIL_CREATED, subject=council, after=snapshot(council))
    return council


def seat_snapshot(seat: Seat) -> dict[str, object]:
    return {
        "council": seat.council_id,
        "member": seat.member_id,
        "kind": seat.kind,
        "since": seat.since.isoformat(),
        "until": seat.until.isoformat() if seat.until else None,
    }


@transaction.atomic
def do_give_seat(
    *, actor: Member, council_id: object, member_id: object, kind: str = "representative"
) -> Seat:
    """A worker seats a member as a voting member: a residents' representative or a building head. An
    active person only, and one current seat each (a member who left may be seated again)."""
    require_staff(actor)
    council = load_council(council_id)
    if kind not in Seat.Kind.values:
        refuse(CouncilErrorCode.SEAT_KIND_INVALID, _("Unknown kind of seat."), "kind")
    member = load_active_member(local_id(member_id), field="memberId")
    if member.kind != Member.Kind.INDIVIDUAL:
        refuse(
            CouncilErrorCode.SEAT_FOR_A_PERSON,
            _("A seat is a person's: a collective member cannot hold one."),
            "memberId",
        )
    # Locked, so that two workers seating the same member at once give one seat and one refusal.
    Council.objects.select_for_update().filter(id=council.id).first()
    if Seat.objects.filter(council=council, member=member, until__isnull=True).exists():
        refuse(CouncilErrorCode.ALREADY_SEATED, _("This member holds a seat already."), "memberId")
    seat = Seat.objects.create(
        council=council, member=member, kind=Seat.Kind(kind), since=timezone.localdate()
    )
    record(council=council, kind="seat_given", actor=actor, member_id=member.id, seat_kind=kind)
    record_audit(actor=actor, action=AuditAction.SEAT_GIVEN, subject=seat, after=seat_snapshot(seat))
    return seat


@transaction.atomic
def do_end_seat(*, actor: Member, seat_id: object) -> Seat:
    """The member leaves the council today: the seat keeps its history (since, until) and they no longer
    second, debate or vote, nor count towards the quorum."""
    require_staff(actor)
    seat = Seat.objects.select_for_update().select_related("council").filter(id=local_id(seat_id)).first()
    if seat is None:
        refuse(CouncilErrorCode.SEAT_NOT_FOUND, _("No such seat."), "seatId")
    if seat.until is not None:
        refuse(CouncilErrorCode.SEAT_ENDED, _("This seat has ended already."), "seatId")
    before = seat_snapshot(seat)
    seat.until = timezone.localdate()
    seat.save(update_fields=["until"])
    record(
        council=seat.council, kind="seat_ended", actor=actor, member_id=seat.member_id, seat_kind=seat.kind
    )
    record_audit(
        actor=actor, action=AuditAction.SEAT_ENDED, subject=seat, before=before, after=seat_snapshot(seat)
    )
    return seat


# ---------------------------------------------------------------------------------------------
# Sessions


@transaction.atomic
def do_create_session(
    *, actor: Member, council_id, title: str, scheduled_at: datetime, chair_id, secretary_id, place: str = ""
) -> Session:
    require_staff(actor)
    council = Council.objects.select_for_update().filter(id=local_id(council_id)).first()
    if council is None:
        refuse(CouncilErrorCode.COUNCIL_NOT_FOUND, _("No such council."), "councilId")
    title, place = title.strip(), place.strip()
    if not title:
        refuse(CouncilErrorCode.TITLE_REQUIRED, _("Give a title."), "title")
    check_model_texts(Session, title=title, place=place)
    if not timezone.now() - timedelta(days=366) < scheduled_at < timezone.now() + timedelta(days=3660):
        refuse(CouncilErrorCode.TIME_INVALID, _("Schedule it within the coming years."), "scheduledAt")
    chair = load_active_member(local_id(chair_id), field="chairId")
    secretary = load_active_member(local_id(secretary_id), field="secretaryId")
    number = (Session.objects.filter(council=council).aggregate(n=Max("number"))["n"] or 0) + 1
    session = Session.objects.create(
        council=council,
        number=number,
        title=title,
        place=place,
        scheduled_at=scheduled_at,
        chair=chair,
        secretary=secretary,
    )
    record(council=council, session=session, kind="session_scheduled", actor=actor, to_state=session.state)
    return session


def move_session(session: Session, to_state: str, *, actor: Member, kind: str, counts=None, **detail) -> None:
    from_state = session.state
    session.state = to_state
    record(
        council=session.council,
        session=session,
        kind=kind,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        counts=counts,
        **detail,
    )


@transaction.atomic
def do_check_in_to_session(
    *, actor: Member, session_id, member_id=None, roll_call: bool = False
) -> Attendance:
    """A voting member checks in; the secretary marks others present at roll call."""
    session = locked_session(session_id)
    if session.state not in (Session.State.SCHEDULED, Session.State.OPENED):
        refuse(CouncilErrorCode.SESSION_NOT_OPEN, _("The session is over."))
    member = actor
    if member_id is not None and local_id(member_id) != actor.id:
        require_secretariat(session, actor)
        member = load_active_member(local_id(member_id), field="memberId")
    method = (
        Attendance.Method.ROLL_CALL if (roll_call or member.id != actor.id) else Attendance.Method.CHECK_IN
    )
    existing = Attendance.objects.filter(session=session, member=member).first()
    if existing is not None and existing.left_at is None:
        refuse(CouncilErrorCode.ALREADY_CHECKED_IN, _("Already present."))
    now = timezone.now()
    if existing is not None:  # back after leaving
        existing.left_at, existing.at, existing.method = None, now, method
        existing.save(update_fields=["left_at", "at", "method"])
        attendance = existing
    else:
        attendance = Attendance.objects.create(session=session, member=member, method=method, at=now)
    quorum = quorum_now(session)
    record(
        council=session.council,
        session=session,
        kind="checked_in",
        actor=actor,
        counts={"present": quorum.present, "entitled": quorum.entitled, "quorum": quorum.needed},
        member_id=member.id,
        method=method,
        voting=member.id in voting_member_ids(session.council),
    )
    return attendance


@transaction.atomic
def do_leave_session(*, actor: Member, session_id, member_id=None) -> Attendance:
    session = locked_session(session_id)
    member = actor
    if member_id is not None and local_id(member_id) != actor.id:
        require_secretariat(session, actor)
        member = load_active_member(local_id(member_id), field="memberId")
    attendance = Attendance.objects.filter(session=session, member=member, left_at__isnull=True).first()
    if attendance is None:
        refuse(CouncilErrorCode.NOT_PRESENT, _("Not present."))
    attendance.left_at = timezone.now()
    attendance.save(update_fields=["left_at"])
    quorum = quorum_now(session)
    record(
        council=session.council,
        session=session,
        kind="left",
        actor=actor,
        counts={"present": quorum.present, "entitled": quorum.entitled, "quorum": quorum.needed},
        member_id=member.id,
    )
    return attendance


@transaction.atomic
def do_open_session(*, actor: Member, session_id) -> Session:
    """The chair calls the session to order when a quorum is present; without one, the session is
    recorded as failing for lack of a quorum (it cannot be opened again)."""
    session = locked_session(session_id)
    require_secretariat(session, actor)
    if session.state != Session.State.SCHEDULED:
        refuse(CouncilErrorCode.WRONG_STATE, _("Only a scheduled session is opened."))
    quorum = quorum_now(session)
    counts = {"present": quorum.present, "entitled": quorum.entitled, "quorum": quorum.needed}
    if not quorum.met:
        move_session(session, Session.State.NO_QUORUM, actor=actor, kind="no_quorum", counts=counts)
        session.closed_at = timezone.now()
        session.save(update_fields=["state", "closed_at"])
        return_unfinished_business(session, actor)
        write_minutes(session)
        return session
    move_session(session, Session.State.OPENED, actor=actor, kind="session_opened", counts=counts)
    session.opened_at = timezone.now()
    session.save(update_fields=["state", "opened_at"])
    return session


def return_unfinished_business(session: Session, actor: Member) -> None:
    """Motions the session did not decide go back to be scheduled again: a vote still open is void."""
    for vote in Vote.objects.filter(session=session, closed_at__isnull=True):
        vote.closed_at = timezone.now()
        vote.save(update_fields=["closed_at"])
    for motion in Motion.objects.select_for_update().filter(
        session=session, state__in=[S.SUBMITTED, S.SCHEDULED, S.PENDING, S.VOTING, S.POSTPONED]
    ):
        # An amendment not decided lapses with the sitting; its motion is scheduled again.
        to_state = S.SECONDED if motion.kind == Motion.Kind.MAIN else S.LAPSED
        move(motion, to_state, actor=actor, kind="returned_unfinished", session=session)
        motion.session, motion.debate_closed = None, False
        motion.save(update_fields=["state", "session", "debate_closed"])


@transaction.atomic
def do_close_session(*, actor: Member, session_id, adjourn: bool = False) -> Session:
    """Closed when its business is done; adjourned when it stops before (unfinished motions return)."""
    session = locked_session(session_id)
    require_secretariat(session, actor)
    require_open_session(session)
    unfinished = Motion.objects.filter(session=session, state__in=[S.SCHEDULED, S.PENDING, S.VOTING]).exists()
    if unfinished and not adjourn:
        refuse(
            CouncilErrorCode.SESSION_HAS_BUSINESS,
            _("Motions on the agenda are not decided: adjourn the session instead."),
        )
    quorum = quorum_now(session)
    to_state = Session.State.ADJOURNED if adjourn else Session.State.CLOSED
    move_session(
        session,
        to_state,
        actor=actor,
        kind="session_adjourned" if adjourn else "session_closed",
        counts={"present": quorum.present, "entitled": quorum.entitled, "quorum": quorum.needed},
    )
    session.closed_at = timezone.now()
    session.save(update_fields=["state", "closed_at"])
    return_unfinished_business(session, actor)
    write_minutes(session)
    return session


def write_minutes(session: Session) -> Minutes:
    return Minutes.objects.create(session=session, text=minutes_text(session), generated_at=timezone.now())


@transaction.atomic
def do_approve_minutes(*, actor: Member, minutes_session_id, in_session_id) -> Minutes:
    """The minutes of an earlier session are approved at a later one, while it sits with a quorum."""
    session = locked_session(in_session_id)
    require_secretariat(session, actor)
    require_open_session(session)
    minutes = Minutes.objects.select_for_update().filter(session_id=local_id(minutes_session_id)).first()
    if minutes is None or minutes.session.council_id != session.council_id:
        refuse(CouncilErrorCode.MINUTES_NOT_FOUND, _("No minutes of such a session."), "minutesSessionId")
    if minutes.approved_at is not None:
        refuse(CouncilErrorCode.MINUTES_ALREADY_APPROVED, _("These minutes are approved already."))
    if minutes.session.number >= session.number:
        refuse(CouncilErrorCode.MINUTES_OF_A_LATER_SESSION, _("Minutes are approved at a later session."))
    quorum = require_quorum(session)
    minutes.approved_in, minutes.approved_at = session, timezone.now()
    minutes.save(update_fields=["approved_in", "approved_at"])
    record(
        council=session.council,
        session=session,
        kind="minutes_approved",
        actor=actor,
        counts={"present": quorum.present, "entitled": quorum.entitled, "quorum": quorum.needed},
        minutes_of_session=minutes.session.number,
    )
    return minutes


# ---------------------------------------------------------------------------------------------
# Motions: from the draft to the agenda


@transaction.atomic
def do_draft_motion(
    *,
    actor: Member,
    council_id,
    title: str,
    text: str,
    reason: str = "",
    research: str = "",
    building_ids: list | None = None,
    threshold: str | None = None,
) -> Motion:
    council = load_council(council_id)
    require_voting_member(council, actor)
    title, text = title.strip(), text.strip()
    if not title:
        refuse(CouncilErrorCode.TITLE_REQUIRED, _("Give a title."), "title")
    if not text:
        refuse(CouncilErrorCode.TEXT_REQUIRED, _("Write what is to be decided."), "text")
    check_model_texts(Motion, title=title, text=text, reason=reason, research=research)
    ids = sorted({local_id(b) for b in building_ids or []})
    buildings = list(Building.objects.filter(id__in=ids))
    if len(buildings) != len(ids):
        refuse(CouncilErrorCode.MOTION_NOT_FOUND, _("No such building."), "buildingIds")
    motion = Motion.objects.create(
        council=council,
        title=title,
        text=text,
        reason=reason.strip(),
        research=research.strip(),
        mover=actor,
        threshold=Threshold(threshold or council.default_threshold),
    )
    motion.buildings.set(buildings)
    MotionText.objects.create(motion=motion, text=text)
    record(council=council, motion=motion, kind="drafted", actor=actor, to_state=S.DRAFT, title=title)
    return motion


@transaction.atomic
def do_draft_and_submit_motion(*, actor: Member, submit: bool = True, **draft) -> Motion:
    """A new motion from the API: drafted, and filed at once unless the mover keeps it as a draft."""
    motion = do_draft_motion(actor=actor, **draft)
    return do_submit_motion(actor=actor, motion_id=motion.id) if submit else motion


@transaction.atomic
def do_add_research(*, actor: Member, motion_id, research: str) -> Motion:
    """Building heads research the problem: the report goes with the draft (or a motion back from study)."""
    motion = locked_motion(motion_id)
    if actor.id != motion.mover_id:
        require_voting_member(motion.council, actor)
    require_state(motion, S.DRAFT)
    research = research.strip()
    if not research:
        refuse(CouncilErrorCode.RESEARCH_REQUIRED, _("Write the research report."), "research")
    check_model_texts(Motion, research=research)
    motion.research = f"{motion.research}\n\n{research}".strip()
    motion.save(update_fields=["research"])
    record(council=motion.council, motion=motion, kind="research_added", actor=actor, research=research)
    return motion


@transaction.atomic
def do_submit_motion(*, actor: Member, motion_id) -> Motion:
    """The mover files the draft with the secretary; it then waits for a second."""
    motion = locked_motion(motion_id)
    if actor.id != motion.mover_id:
        refuse(CouncilErrorCode.NOT_PERMITTED, _("Only the mover submits a motion."))
    require_state(motion, S.DRAFT)
    if motion.council.research_required and motion.kind == Motion.Kind.MAIN and not motion.research:
        refuse(
            CouncilErrorCode.RESEARCH_REQUIRED,
            _("This council asks for a research report first."),
            "research",
        )
    if motion.number is not None:
        # Back from study: it was seconded before and keeps its number and its seconds.
        move(motion, S.SECONDED, actor=actor, kind="resubmitted", number=motion.number)
    else:
        move(motion, S.SUBMITTED, actor=actor, kind="submitted")
    motion.submitted_at = timezone.now()
    motion.save(update_fields=["state", "submitted_at"])
    return motion


@transaction.atomic
def do_second_motion(*, actor: Member, motion_id) -> Motion:
    motion = locked_motion(motion_id)
    require_state(motion, S.SUBMITTED)
    if actor.id == motion.mover_id:
        refuse(CouncilErrorCode.CANNOT_SECOND_OWN_MOTION, _("The mover cannot second their own motion."))
    require_voting_member(motion.council, actor)
    if Second.objects.filter(motion=motion, member=actor).exists():
        refuse(CouncilErrorCode.ALREADY_SECONDED, _("You seconded this motion already."))
    Second.objects.create(motion=motion, member=actor)
    seconds = Second.objects.filter(motion=motion).count()
    record(council=motion.council, motion=motion, kind="second", actor=actor, counts={"seconds": seconds})
    if seconds >= motion.council.seconds_required:
        if motion.kind == Motion.Kind.MAIN:
            # Council row lock: two motions seconded at once never share a number.
            Council.objects.select_for_update().get(id=motion.council_id)
            top = Motion.objects.filter(council=motion.council).aggregate(n=Max("number"))["n"] or 0
            motion.number = top + 1
            move(
                motion,
                S.SECONDED,
                actor=actor,
                kind="seconded",
                counts={"seconds": seconds},
                number=motion.number,
            )
        else:
            # An amendment is seconded on the floor: the chair states it at once, its parent waits.
            move(motion, S.PENDING, actor=actor, kind="seconded_and_stated", counts={"seconds": seconds})
        motion.save(update_fields=["state", "number"])
    return motion


@transaction.atomic
def do_lapse_unseconded_motions(*, now: datetime) -> int:
    """Motions submitted longer ago than their council's `second_within_days` without a second lapse."""
    lapsed = 0
    for motion in Motion.objects.select_for_update().filter(state=S.SUBMITTED).select_related("council"):
        assert motion.submitted_at is not None, "a submitted motion has its submission time"
        if motion.submitted_at + timedelta(days=motion.council.second_within_days) <= now:
            move(motion, S.LAPSED, actor=None, kind="lapsed", counts={"seconds": motion.seconds.count()})
            motion.save(update_fields=["state"])
            lapsed += 1
    return lapsed


@transaction.atomic
def do_schedule_motion(*, actor: Member, motion_id, session_id) -> Motion:
    """On a session's agenda: a seconded motion, or one postponed to this very session."""
    motion = locked_motion(motion_id)
    session = locked_session(session_id)
    require_secretariat(session, actor)
    if session.council_id != motion.council_id:
        refuse(CouncilErrorCode.SESSION_NOT_FOUND, _("No such session."), "sessionId")
    require_state(motion, S.SECONDED, S.POSTPONED)
    if motion.kind != Motion.Kind.MAIN:
        refuse(CouncilErrorCode.WRONG_STATE, _("An amendment is taken up with its motion."))
    if motion.state == S.POSTPONED and motion.session_id != session.id:
        refuse(CouncilErrorCode.WRONG_STATE, _("A postponed motion goes to the session it was postponed to."))
    if session.state not in (Session.State.SCHEDULED, Session.State.OPENED):
        refuse(CouncilErrorCode.SESSION_NOT_OPEN, _("The session is over."))
    motion.session = session
    move(motion, S.SCHEDULED, actor=actor, kind="scheduled", session=session)
    motion.save(update_fields=["state", "session"])
    notify_voting_members(
        motion.council,
        kind=NotificationKind.MOTION_ON_AGENDA,
        body=f"《{motion.title}》列入{session.title}议程（{timezone.localtime(session.scheduled_at):%Y-%m-%d %H:%M}）。",
        key=f"council:agenda:{motion.id}:{session.id}",
        link=f"/council/motions/{motion.id}/",
    )
    return motion


@transaction.atomic
def do_state_question(*, actor: Member, motion_id) -> Motion:
    """The chair states the question: the motion is before the assembly, with a quorum present."""
    motion = locked_motion(motion_id)
    require_state(motion, S.SCHEDULED)
    session = require_open_session(session_of(motion, lock=True))
    require_secretariat(session, actor)
    quorum = require_quorum(session)
    move(
        motion,
        S.PENDING,
        actor=actor,
        kind="stated",
        counts={"present": quorum.present, "entitled": quorum.entitled, "quorum": quorum.needed},
    )
    motion.save(update_fields=["state"])
    return motion


def amendment_depth(motion: Motion) -> int:
    depth = 0
    while motion.parent_id is not None:
        depth += 1
        motion = Motion.objects.get(id=motion.parent_id)
    return depth


@transaction.atomic
def do_propose_amendment(*, actor: Member, motion_id, text: str, title: str = "") -> Motion:
    """An amendment is a child motion giving the parent's new text; it needs its own second."""
    parent = locked_motion(motion_id)
    require_voting_member(parent.council, actor)
    if parent.state != S.PENDING:
        refuse(CouncilErrorCode.PARENT_NOT_PENDING, _("Only the question before the assembly is amended."))
    require_open_session(session_of(parent))
    if amendment_depth(parent) + 1 > MAX_AMENDMENT_DEPTH:
        refuse(CouncilErrorCode.AMENDMENT_TOO_DEEP, _("An amendment to an amendment cannot be amended."))
    if Motion.objects.filter(parent=parent, state__in=[S.SUBMITTED, S.PENDING, S.VOTING]).exists():
        refuse(CouncilErrorCode.AMENDMENT_PENDING, _("Another amendment to this motion is pending."))
    text = text.strip()
    if not text:
        refuse(CouncilErrorCode.TEXT_REQUIRED, _("Write the amended text."), "text")
    title = title.strip() or f"对《{parent.title}》的修正案"
    check_model_texts(Motion, title=title[:200], text=text)
    amendment = Motion.objects.create(
        council=parent.council,
        kind=Motion.Kind.AMENDMENT,
        parent=parent,
        title=title[:200],
        text=text,
        mover=actor,
        threshold=Threshold.MAJORITY,
        session=parent.session,
        state=S.SUBMITTED,
        submitted_at=timezone.now(),
    )
    MotionText.objects.create(motion=amendment, text=text)
    record(
        council=parent.council,
        motion=amendment,
        kind="amendment_proposed",
        actor=actor,
        to_state=S.SUBMITTED,
        parent_id=parent.id,
        text=text,
    )
    return amendment


# ---------------------------------------------------------------------------------------------
# Debate


@transaction.atomic
def do_add_speaker(*, actor: Member, motion_id, member_id=None) -> Speaker:
    """A voting member asks for the floor (the secretary may add them)."""
    motion = locked_motion(motion_id)
    require_state(motion, S.PENDING)
    session = require_open_session(session_of(motion))
    member = actor
    if member_id is not None and local_id(member_id) != actor.id:
        require_secretariat(session, actor)
        member = load_active_member(local_id(member_id), field="memberId")
    require_voting_member(motion.council, member)
    if motion.debate_closed:
        refuse(CouncilErrorCode.WRONG_STATE, _("Debate is closed."))
    entries = Speaker.objects.filter(motion=motion, member=member)
    if entries.filter(ended_at__isnull=True).exists():
        refuse(CouncilErrorCode.ALREADY_ON_SPEAKERS_LIST, _("Already on the speakers' list."))
    top = Speaker.objects.filter(motion=motion).aggregate(n=Max("position"))["n"] or 0
    speaker = Speaker.objects.create(
        motion=motion,
        member=member,
        round=entries.count() + 1,
        position=top + 1,
        limit_seconds=motion.council.speech_seconds,
    )
    record(
        council=motion.council,
        motion=motion,
        kind="speaker_added",
        actor=actor,
        member_id=member.id,
        round=speaker.round,
    )
    return speaker


def next_speaker(motion: Motion) -> Speaker | None:
    return (
        Speaker.objects.filter(motion=motion, started_at__isnull=True).order_by("round", "position").first()
    )


@transaction.atomic
def do_give_floor(*, actor: Member, motion_id, speaker_id=None) -> Speaker:
    """The chair gives the floor to the next speaker: nobody speaks twice while someone who has not
    spoken yet is waiting."""
    motion = locked_motion(motion_id)
    require_state(motion, S.PENDING)
    session = require_open_session(session_of(motion))
    require_secretariat(session, actor)
    if Speaker.objects.filter(motion=motion, started_at__isnull=False, ended_at__isnull=True).exists():
        refuse(CouncilErrorCode.SOMEONE_IS_SPEAKING, _("Someone has the floor."))
    first = next_speaker(motion)
    if first is None:
        refuse(CouncilErrorCode.SPEAKER_NOT_FOUND, _("Nobody is waiting to speak."))
    speaker = first
    if speaker_id is not None:
        chosen = Speaker.objects.filter(
            motion=motion, id=local_id(speaker_id), started_at__isnull=True
        ).first()
        if chosen is None:
            refuse(CouncilErrorCode.SPEAKER_NOT_FOUND, _("No such speaker waiting."), "speakerId")
        if chosen.round > first.round:
            refuse(
                CouncilErrorCode.SPEAKER_OUT_OF_TURN,
                _("Someone who has not spoken yet is waiting: they speak first."),
                "speakerId",
            )
        speaker = chosen
    speaker.started_at = timezone.now()
    speaker.save(update_fields=["started_at"])
    record(
        council=motion.council, motion=motion, kind="floor_given", actor=actor, member_id=speaker.member_id
    )
    return speaker


@transaction.atomic
def do_end_speech(*, actor: Member, motion_id) -> Speaker:
    motion = locked_motion(motion_id)
    session = require_open_session(session_of(motion))
    require_secretariat(session, actor)
    speaker = Speaker.objects.filter(motion=motion, started_at__isnull=False, ended_at__isnull=True).first()
    if speaker is None:
        refuse(CouncilErrorCode.SPEAKER_NOT_FOUND, _("Nobody has the floor."))
    speaker.ended_at = timezone.now()
    speaker.save(update_fields=["ended_at"])
    assert speaker.started_at is not None, "the filter above found a speaker who started"
    seconds = int((speaker.ended_at - speaker.started_at).total_seconds())
    record(
        council=motion.council,
        motion=motion,
        kind="speech_ended",
        actor=actor,
        member_id=speaker.member_id,
        seconds=seconds,
        over_time=seconds > speaker.limit_seconds,
    )
    return speaker


def check_counts(yes, no, abstain, *, present: int) -> tuple[int, int, int]:
    for value in (yes, no, abstain):
        if value is None:
            refuse(CouncilErrorCode.COUNTS_REQUIRED, _("Count the yes, no and abstentions."))
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            refuse(CouncilErrorCode.COUNTS_INVALID, _("Counts are whole numbers, not negative."))
    if yes + no + abstain > present:
        refuse(CouncilErrorCode.COUNTS_INVALID, _("More votes than voting members present."))
    return yes, no, abstain


def threshold_met(threshold: str, yes: int, no: int) -> bool:
    """Against the votes cast, abstentions left out (Robert's Rules): a majority is more yes than no;
    two thirds is at least twice as many yes as no, and at least one yes."""
    if threshold == Threshold.TWO_THIRDS:
        return yes > 0 and yes >= 2 * no
    return yes > no


@transaction.atomic
def do_close_debate(*, actor: Member, motion_id, yes: int, no: int, abstain: int = 0) -> Vote:
    """Closing debate early (the previous question) is itself voted, and takes two thirds."""
    motion = locked_motion(motion_id)
    require_state(motion, S.PENDING)
    session = require_open_session(session_of(motion, lock=True))
    require_secretariat(session, actor)
    if motion.debate_closed:
        refuse(CouncilErrorCode.WRONG_STATE, _("Debate is closed already."))
    quorum = require_quorum(session)
    check_counts(yes, no, abstain, present=quorum.present)
    now = timezone.now()
    adopted = threshold_met(Threshold.TWO_THIRDS, yes, no)
    vote = Vote.objects.create(
        motion=motion,
        session=session,
        question=Vote.Question.CLOSE_DEBATE,
        method=Vote.Method.SHOW_OF_HANDS,
        threshold=Threshold.TWO_THIRDS,
        opened_at=now,
        closed_at=now,
        entitled=quorum.entitled,
        quorum=quorum.needed,
        present_at_open=quorum.present,
        present_at_close=quorum.present,
        quorum_met=True,
        yes=yes,
        no=no,
        abstain=abstain,
        result=Vote.Result.ADOPTED if adopted else Vote.Result.FAILED,
    )
    counts = vote_counts(vote)
    if adopted:
        motion.debate_closed = True
        motion.save(update_fields=["debate_closed"])
        Speaker.objects.filter(motion=motion, started_at__isnull=True).delete()
    record(
        council=motion.council,
        motion=motion,
        session=session,
        kind="debate_closed" if adopted else "debate_continues",
        actor=actor,
        counts=counts,
    )
    return vote


# ---------------------------------------------------------------------------------------------
# Voting


def vote_counts(vote: Vote) -> dict:
    return {
        "yes": vote.yes,
        "no": vote.no,
        "abstain": vote.abstain,
        "entitled": vote.entitled,
        "quorum": vote.quorum,
        "present_at_open": vote.present_at_open,
        "present_at_close": vote.present_at_close,
        "threshold": vote.threshold,
        "method": vote.method,
    }


@transaction.atomic
def do_open_vote(*, actor: Member, motion_id, method: str) -> Vote:
    motion = locked_motion(motion_id)
    require_state(motion, S.PENDING)
    session = require_open_session(session_of(motion, lock=True))
    require_secretariat(session, actor)
    if Motion.objects.filter(parent=motion, state__in=[S.PENDING, S.VOTING]).exists():
        refuse(CouncilErrorCode.AMENDMENT_PENDING, _("Its pending amendment is voted first."))
    waiting = Speaker.objects.filter(motion=motion, ended_at__isnull=True).exists()
    if waiting and not motion.debate_closed:
        refuse(
            CouncilErrorCode.DEBATE_NOT_CLOSED,
            _("Members are waiting to speak: hear them, or close debate by two thirds."),
        )
    quorum = require_quorum(session)
    # An amendment nobody seconded is not before the assembly: it lapses when the question is put.
    for unseconded in Motion.objects.select_for_update().filter(parent=motion, state=S.SUBMITTED):
        move(unseconded, S.LAPSED, actor=actor, kind="lapsed", counts={"seconds": 0})
        unseconded.save(update_fields=["state"])
    vote = Vote.objects.create(
        motion=motion,
        session=session,
        method=Vote.Method(method),
        threshold=motion.threshold,
        opened_at=timezone.now(),
        entitled=quorum.entitled,
        quorum=quorum.needed,
        present_at_open=quorum.present,
    )
    move(motion, S.VOTING, actor=actor, kind="vote_opened", counts=vote_counts(vote), vote_id=vote.id)
    motion.save(update_fields=["state"])
    notify_voting_members(
        motion.council,
        kind=NotificationKind.VOTE_OPEN,
        body=f"《{motion.title}》开始表决。",
        key=f"council:vote:{vote.id}",
        link=f"/council/motions/{motion.id}/",
    )
    return vote


def open_vote_of(motion: Motion) -> Vote:
    vote = Vote.objects.select_for_update().filter(motion=motion, closed_at__isnull=True).first()
    if vote is None or motion.state != S.VOTING:
        refuse(CouncilErrorCode.VOTE_NOT_OPEN, _("No vote is open on this motion."))
    return vote


@transaction.atomic
def do_cast_vote(*, actor: Member, motion_id, choice: str) -> Ballot:
    """A voting member present votes once, in a roll call (named) or by secret ballot (who voted is
    recorded, not how). A voice vote and a show of hands are counted by the chair at the close."""
    motion = locked_motion(motion_id)
    vote = open_vote_of(motion)
    require_voting_member(motion.council, actor)
    if not Attendance.objects.filter(session=vote.session, member=actor, left_at__isnull=True).exists():
        refuse(CouncilErrorCode.NOT_PRESENT, _("Only members present vote."))
    if vote.method not in (Vote.Method.ROLL_CALL, Vote.Method.BALLOT):
        refuse(CouncilErrorCode.WRONG_STATE, _("This vote is counted by the chair."))
    if choice not in Ballot.Choice.values:
        refuse(CouncilErrorCode.CHOICE_REQUIRED, _("Vote yes, no or abstain."), "choice")
    if Ballot.objects.filter(vote=vote, member=actor).exists():
        refuse(CouncilErrorCode.ALREADY_VOTED, _("You voted already."))
    secret = vote.method == Vote.Method.BALLOT
    ballot = Ballot.objects.create(vote=vote, member=actor, choice="" if secret else choice)
    if secret:
        setattr(vote, choice, getattr(vote, choice) + 1)
        vote.save(update_fields=[choice])
    record(
        council=motion.council,
        motion=motion,
        session=vote.session,
        kind="ballot_cast",
        actor=actor,
        counts={"ballots": Ballot.objects.filter(vote=vote).count()},
        **({} if secret else {"choice": choice}),
    )
    return ballot


@transaction.atomic
def do_close_vote(
    *, actor: Member, motion_id, yes: int | None = None, no: int | None = None, abstain: int | None = None
) -> Vote:
    """The result, against the threshold and the counts snapshotted now, with a quorum present.

    An adopted amendment rewrites its parent's text (both versions kept); an adopted main motion waits
    for its execution; a failed amendment leaves the parent as it was.
    """
    motion = locked_motion(motion_id)
    vote = open_vote_of(motion)
    session = require_open_session(Session.objects.select_for_update().get(id=vote.session_id))
    require_secretariat(session, actor)
    quorum = require_quorum(session)
    if vote.method == Vote.Method.ROLL_CALL:
        named = list(Ballot.objects.filter(vote=vote).values_list("choice", flat=True))
        vote.yes, vote.no, vote.abstain = named.count("yes"), named.count("no"), named.count("abstain")
    elif vote.method in (Vote.Method.VOICE, Vote.Method.SHOW_OF_HANDS):
        vote.yes, vote.no, vote.abstain = check_counts(yes, no, abstain, present=quorum.present)
    vote.present_at_close, vote.quorum_met, vote.closed_at = quorum.present, True, timezone.now()
    adopted = threshold_met(vote.threshold, vote.yes, vote.no)
    vote.result = Vote.Result.ADOPTED if adopted else Vote.Result.FAILED
    vote.save()
    move(
        motion,
        S.ADOPTED if adopted else S.FAILED,
        actor=actor,
        kind="vote_closed",
        session=session,
        counts=vote_counts(vote),
        vote_id=vote.id,
    )
    motion.save(update_fields=["state"])
    if adopted and motion.kind == Motion.Kind.AMENDMENT:
        parent = locked_motion(motion.parent_id)
        MotionText.objects.create(motion=parent, text=motion.text, amendment=motion)
        record(
            council=parent.council,
            motion=parent,
            session=session,
            kind="text_amended",
            actor=actor,
            amendment_id=motion.id,
            before=parent.text,
            after=motion.text,
        )
        parent.text = motion.text
        parent.save(update_fields=["text"])
    notify_voting_members(
        motion.council,
        kind=NotificationKind.MOTION_RESULT,
        body=f"《{motion.title}》{'通过' if adopted else '未通过'}：赞成{vote.yes}，反对{vote.no}，弃权{vote.abstain}。",
        key=f"council:result:{vote.id}",
        link=f"/council/motions/{motion.id}/",
    )
    return vote


# ---------------------------------------------------------------------------------------------
# Withdrawing, referring, postponing


@transaction.atomic
def do_withdraw_motion(*, actor: Member, motion_id) -> Motion:
    """By the mover before the question is stated; after, with the assembly's consent, which the chair
    or secretary records."""
    motion = locked_motion(motion_id)
    if motion.state in WITHDRAWABLE_BY_MOVER:
        if actor.id != motion.mover_id:
            refuse(
                CouncilErrorCode.NOT_PERMITTED, _("Only the mover withdraws a motion before it is stated.")
            )
        by_consent = False
    else:
        require_state(motion, S.PENDING)
        stated_in = session_of(motion)
        assert stated_in is not None, "a pending motion is before a session"
        require_secretariat(stated_in, actor)
        if Motion.objects.filter(parent=motion, state__in=[S.SUBMITTED, S.PENDING, S.VOTING]).exists():
            refuse(CouncilErrorCode.AMENDMENT_PENDING, _("Its pending amendment is decided first."))
        by_consent = True
    move(motion, S.WITHDRAWN, actor=actor, kind="withdrawn", by_consent=by_consent)
    motion.save(update_fields=["state"])
    return motion


@transaction.atomic
def do_refer_motion(*, actor: Member, motion_id, to: str, report_due: date) -> Motion:
    """Sent for study (to a committee or the building heads) with a due date; it returns as a draft."""
    motion = locked_motion(motion_id)
    require_state(motion, S.PENDING)
    session = require_open_session(session_of(motion))
    require_secretariat(session, actor)
    if motion.kind != Motion.Kind.MAIN:
        refuse(CouncilErrorCode.WRONG_STATE, _("An amendment is not referred on its own."))
    if Motion.objects.filter(parent=motion, state__in=[S.SUBMITTED, S.PENDING, S.VOTING]).exists():
        refuse(CouncilErrorCode.AMENDMENT_PENDING, _("Its pending amendment is decided first."))
    to = to.strip()
    if not to:
        refuse(CouncilErrorCode.TEXT_REQUIRED, _("Say who studies it."), "to")
    check_model_texts(Motion, referred_to=to)
    if report_due <= timezone.localdate():
        refuse(CouncilErrorCode.DATE_INVALID, _("The report is due in the future."), "reportDue")
    quorum = require_quorum(session)
    motion.referred_to, motion.referred_until = to, report_due
    move(
        motion,
        S.REFERRED,
        actor=actor,
        kind="referred",
        counts={"present": quorum.present, "entitled": quorum.entitled, "quorum": quorum.needed},
        to=to,
        report_due=report_due.isoformat(),
    )
    motion.session, motion.debate_closed = None, False
    motion.save(update_fields=["state", "referred_to", "referred_until", "session", "debate_closed"])
    return motion


@transaction.atomic
def do_return_referred_motion(*, actor: Member, motion_id, report: str) -> Motion:
    """The study's report comes back: the motion is a draft again, the report added to its research."""
    motion = locked_motion(motion_id)
    require_state(motion, S.REFERRED)
    if actor.id != motion.mover_id:
        require_staff(actor)
    report = report.strip()
    if not report:
        refuse(CouncilErrorCode.REPORT_REQUIRED, _("Write the report."), "report")
    check_model_texts(Motion, research=report)
    motion.research = f"{motion.research}\n\n{report}".strip()
    move(motion, S.DRAFT, actor=actor, kind="returned_from_study", report=report)
    motion.save(update_fields=["state", "research"])
    return motion


@transaction.atomic
def do_postpone_motion(*, actor: Member, motion_id, to_session_id) -> Motion:
    motion = locked_motion(motion_id)
    require_state(motion, S.SCHEDULED, S.PENDING)
    session = session_of(motion)
    assert session is not None, "a scheduled or pending motion is on a session's agenda"
    require_secretariat(session, actor)
    if Motion.objects.filter(parent=motion, state__in=[S.SUBMITTED, S.PENDING, S.VOTING]).exists():
        refuse(CouncilErrorCode.AMENDMENT_PENDING, _("Its pending amendment is decided first."))
    target = locked_session(to_session_id)
    if (
        target.council_id != motion.council_id
        or target.state != Session.State.SCHEDULED
        or target.scheduled_at <= session.scheduled_at
    ):
        refuse(CouncilErrorCode.SESSION_NOT_FOUND, _("Postpone to a later scheduled session."), "toSessionId")
    move(motion, S.POSTPONED, actor=actor, kind="postponed", to_session=target.number)
    motion.session, motion.debate_closed = target, False
    motion.save(update_fields=["state", "session", "debate_closed"])
    return motion


# ---------------------------------------------------------------------------------------------
# Execution and follow-up


@transaction.atomic
def do_start_execution(
    *,
    actor: Member,
    motion_id,
    due_on: date,
    organisation_ids: list | None = None,
    milestones: list[tuple[str, date]] | None = None,
) -> Execution:
    require_staff(actor)
    motion = locked_motion(motion_id)
    require_state(motion, S.ADOPTED)
    if motion.kind != Motion.Kind.MAIN:
        refuse(CouncilErrorCode.WRONG_STATE, _("An amendment is carried out with its motion."))
    if not timezone.localdate() <= due_on <= timezone.localdate() + timedelta(days=3660):
        refuse(CouncilErrorCode.DATE_INVALID, _("The due date is within the coming years."), "dueOn")
    ids = sorted({local_id(o) for o in organisation_ids or []})
    organisations = list(CommunityOrganisation.objects.filter(id__in=ids, status="active"))
    if len(organisations) != len(ids):
        refuse(CouncilErrorCode.NOT_PERMITTED, _("No such active organisation."), "organisationIds")
    for title, milestone_due in milestones or []:
        if not title.strip():
            refuse(CouncilErrorCode.TITLE_REQUIRED, _("Give each milestone a title."), "milestones")
        check_model_texts(Milestone, title=title.strip())
        if milestone_due > due_on:
            refuse(CouncilErrorCode.DATE_INVALID, _("A milestone is due by the due date."), "milestones")
    execution = Execution.objects.create(
        motion=motion,
        started_at=timezone.now(),
        due_on=due_on,
        follow_up_on=due_on + timedelta(days=motion.council.follow_up_days),
    )
    execution.organisations.set(organisations)
    ExecutionBuilding.objects.bulk_create(
        [ExecutionBuilding(execution=execution, building=b) for b in motion.buildings.order_by("id")]
    )
    Milestone.objects.bulk_create(
        [Milestone(execution=execution, title=t.strip(), due_on=d) for t, d in milestones or []]
    )
    move(
        motion,
        S.IN_EXECUTION,
        actor=actor,
        kind="execution_started",
        due_on=due_on.isoformat(),
        organisations=[o.name for o in organisations],
        buildings=motion.buildings.count(),
    )
    motion.save(update_fields=["state"])
    return execution


def execution_of(motion: Motion) -> Execution:
    return Execution.objects.select_for_update().get(motion=motion)


@transaction.atomic
def do_report_progress(
    *,
    actor: Member,
    motion_id,
    building_id=None,
    progress: int | None = None,
    milestone_id=None,
    note: str = "",
) -> Execution:
    """Progress in one building (by the secretariat or that building's head), or a milestone reached."""
    motion = locked_motion(motion_id)
    require_state(motion, S.IN_EXECUTION)
    execution = execution_of(motion)
    check_model_texts(Motion, reason=note)
    if milestone_id is not None:
        require_staff(actor)
        milestone = Milestone.objects.filter(
            execution=execution, id=local_id(milestone_id), reached_at=None
        ).first()
        if milestone is None:
            refuse(CouncilErrorCode.MOTION_NOT_FOUND, _("No such milestone open."), "milestoneId")
        milestone.reached_at = timezone.now()
        milestone.save(update_fields=["reached_at"])
        record(
            council=motion.council,
            motion=motion,
            kind="milestone_reached",
            actor=actor,
            title=milestone.title,
        )
        return execution
    child = ExecutionBuilding.objects.filter(execution=execution, building_id=local_id(building_id)).first()
    if child is None:
        refuse(
            CouncilErrorCode.BUILDING_NOT_CONCERNED,
            _("This motion does not concern this building."),
            "buildingId",
        )
    heads = BuildingHead.objects.filter(buildings=child.building_id, until__isnull=True, member=actor)
    if not has_permission(actor, CommunityPermission.RUN_COUNCIL) and not heads.exists():
        refuse(
            CouncilErrorCode.NOT_PERMITTED,
            _("Only community workers or the building's head report progress."),
        )
    if isinstance(progress, bool) or not isinstance(progress, int) or not child.progress <= progress <= 100:
        refuse(
            CouncilErrorCode.PROGRESS_INVALID,
            _("Progress is a percentage that does not go back."),
            "progress",
        )
    before = (child.status, child.progress)
    child.progress = progress
    child.status = (
        ExecutionBuilding.Status.DONE
        if progress == 100
        else ExecutionBuilding.Status.IN_PROGRESS
        if progress > 0
        else ExecutionBuilding.Status.NOT_STARTED
    )
    child.save(update_fields=["progress", "status"])
    record(
        council=motion.council,
        motion=motion,
        kind="progress",
        actor=actor,
        from_state=before[0],
        to_state=child.status,
        counts={"progress_before": before[1], "progress": progress},
        building_id=child.building_id,
        note=note.strip(),
    )
    return execution


@transaction.atomic
def do_complete_execution(*, actor: Member, motion_id, closing_report: str) -> Execution:
    require_staff(actor)
    motion = locked_motion(motion_id)
    require_state(motion, S.IN_EXECUTION)
    execution = execution_of(motion)
    if execution.buildings.exclude(status=ExecutionBuilding.Status.DONE).exists():
        refuse(CouncilErrorCode.EXECUTION_UNFINISHED, _("Some buildings are not done."))
    closing_report = closing_report.strip()
    if not closing_report:
        refuse(CouncilErrorCode.REPORT_REQUIRED, _("Write the closing report."), "closingReport")
    check_model_texts(Execution, closing_report=closing_report)
    execution.closing_report, execution.completed_at = closing_report, timezone.now()
    execution.save(update_fields=["closing_report", "completed_at"])
    move(motion, S.COMPLETED, actor=actor, kind="completed", report=closing_report)
    motion.save(update_fields=["state"])
    return execution


@transaction.atomic
def do_record_follow_up(*, actor: Member, motion_id, note: str) -> Execution:
    """The follow-up visit (回访) after completion: what residents say now."""
    require_staff(actor)
    motion = locked_motion(motion_id)
    require_state(motion, S.COMPLETED)
    execution = execution_of(motion)
    note = note.strip()
    if not note:
        refuse(CouncilErrorCode.REPORT_REQUIRED, _("Write what the follow-up found."), "note")
    check_model_texts(Execution, follow_up_note=note)
    execution.follow_up_note, execution.followed_up_at = note, timezone.now()
    execution.save(update_fields=["follow_up_note", "followed_up_at"])
    move(motion, S.FOLLOWED_UP, actor=actor, kind="followed_up", note=note)
    motion.save(update_fields=["state"])
    return execution


@transaction.atomic
def do_remind_follow_ups(*, today: date) -> int:
    """Tell the mover and the community's workers when an execution's follow-up is due (once each)."""
    told = 0
    workers = list(
        Member.objects.filter(
            role__in=[Member.Role.WORKER, Member.Role.ADMIN], status=Member.Status.ACTIVE
        ).values_list("id", flat=True)
    )
    for execution in Execution.objects.filter(
        follow_up_on__lte=today, followed_up_at__isnull=True
    ).select_related("motion"):
        motion = execution.motion
        for member_id in sorted({motion.mover_id, *workers}):
            do_notify(
                member_id=member_id,
                kind=NotificationKind.FOLLOW_UP_DUE,
                body=f"《{motion.title}》应于{execution.follow_up_on:%Y-%m-%d}回访。",
                link=f"/council/motions/{motion.id}/",
                key=f"council:follow-up:{execution.id}:{member_id}",
            )
            told += 1
    return told
