"""A council of Beizhan for the tests: five voting members, a worker as secretary, one session."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.utils import timezone

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
from sharepool.tenants.council.services import (
    do_check_in_to_session,
    do_create_council,
    do_create_session,
    do_draft_motion,
    do_give_seat,
    do_open_session,
    do_schedule_motion,
    do_second_motion,
    do_state_question,
    do_submit_motion,
)
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import Building, Estate
from sharepool.tenants.notifications.models import Notification
from tests.tenants.cast import add_member


def council_state() -> dict:
    """Every row the council can write, for "nothing changed" assertions.

    Read in one round trip: the procedure's state machine takes it before every step of every example,
    and sixteen queries a step were most of that test's time (issue 11). Ordered rows come back as
    tuples (times as PostgreSQL writes them in JSON), counts as numbers.
    """
    read = {
        "councils": Council.objects.order_by("id").values_list("id", "name"),
        "seats": Seat,
        "sessions": Session.objects.order_by("id").values_list("id", "state", "opened_at", "closed_at"),
        "attendance": Attendance.objects.order_by("id").values_list("id", "member_id", "left_at"),
        "motions": Motion.objects.order_by("id").values_list(
            "id", "state", "number", "text", "session_id", "debate_closed"
        ),
        "texts": MotionText,
        "seconds": Second,
        "speakers": Speaker.objects.order_by("id").values_list("id", "started_at", "ended_at"),
        "votes": Vote.objects.order_by("id").values_list("id", "closed_at", "yes", "no", "abstain", "result"),
        "ballots": Ballot,
        "minutes": Minutes.objects.order_by("id").values_list("id", "approved_at"),
        "executions": Execution.objects.order_by("id").values_list("id", "completed_at", "followed_up_at"),
        "execution_buildings": ExecutionBuilding.objects.order_by("id").values_list("id", "progress"),
        "events": CouncilEvent,
        "notifications": Notification,
    }
    parts, params = [], []
    for rows in read.values():
        counted = isinstance(rows, type)
        sql, rows_params = (rows.objects.all() if counted else rows).query.sql_with_params()
        # the SQL is Django's own, compiled from the querysets above; values stay parameters
        parts.append(
            f"(SELECT count(*) FROM ({sql}) AS t)"  # noqa: S608
            if counted
            else f"(SELECT coalesce(json_agg(to_json(t) ORDER BY t.id), '[]') FROM ({sql}) AS t)"  # noqa: S608
        )
        params += rows_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        values = cursor.fetchone()
    return {
        name: value if isinstance(rows, type) else [tuple(row.values()) for row in value]
        for (name, rows), value in zip(read.items(), values, strict=True)
    }


@dataclass
class Assembly:
    council: Council
    session: Session
    secretary: Member  # a community worker
    chair: Member  # a voting member
    voters: list[Member]  # chair first; five in all
    outsider: Member  # an active member without a seat
    buildings: list[Building]


def assemble(world, *, voters: int = 5, **rules) -> Assembly:
    cast = world.cast
    council = do_create_council(actor=cast.worker, name="北站社区居民议事会", **rules)
    members = [cast.alice, cast.bob, cast.carol, cast.coordinator] + [
        add_member(f"楼长{n}") for n in range(voters - 4)
    ]
    for member in members[:voters]:
        do_give_seat(actor=cast.worker, council_id=council.id, member_id=member.id, kind="building_head")
    session = do_create_session(
        actor=cast.worker,
        council_id=council.id,
        title="2019年第一次居民议事会",
        scheduled_at=timezone.now() + timedelta(hours=1),
        chair_id=members[0].id,
        secretary_id=cast.worker.id,
        place="北站社区党群服务中心",
    )
    estate = Estate.objects.create(name="创业花园", kind="urban_village")
    buildings = [Building.objects.create(estate=estate, name=f"{n}栋") for n in (1, 2)]
    return Assembly(
        council, session, cast.worker, members[0], members[:voters], add_member("旁听者"), buildings
    )


def seconded_motion(
    a: Assembly, *, mover=None, title="关于防止高空坠物加装防护网的议案", threshold=None
) -> Motion:
    mover = mover or a.voters[1]
    motion = do_draft_motion(
        actor=mover,
        council_id=a.council.id,
        title=title,
        text="在创业花园各楼栋加装防坠网。",
        reason="高空坠物伤人。",
        research="楼长协会调研：156栋中有40栋曾发生坠物。",
        building_ids=[b.id for b in a.buildings],
        threshold=threshold,
    )
    do_submit_motion(actor=mover, motion_id=motion.id)
    do_second_motion(actor=a.voters[2], motion_id=motion.id)
    motion.refresh_from_db()
    return motion


def check_in(a: Assembly, count: int) -> None:
    for member in a.voters[:count]:
        do_check_in_to_session(actor=member, session_id=a.session.id)


def on_the_floor(a: Assembly, *, present: int = 5, **kwargs) -> Motion:
    """A seconded motion, scheduled, the session opened with `present` voters, the question stated."""
    motion = seconded_motion(a, **kwargs)
    do_schedule_motion(actor=a.secretary, motion_id=motion.id, session_id=a.session.id)
    check_in(a, present)
    do_open_session(actor=a.secretary, session_id=a.session.id)
    do_state_question(actor=a.chair, motion_id=motion.id)
    motion.refresh_from_db()
    return motion
