"""The resident council's pages (issue 13): sessions, motions and their results, the minutes (HTML to
print, and PDF), and what was carried out building by building.

Every page reads through tenants/council/reads.py, the functions the GraphQL queries call; every action
calls the domain function its mutation calls (graphql/community/council/mutations.py). Every member
reads the council's record, as through the API (VIEW_MEMBERS).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sharepool.core.errors import DomainError
from sharepool.core.paging import CountingPaginator
from sharepool.core.pdf import text_pdf
from sharepool.tenants.council import reads
from sharepool.tenants.council.models import Motion, Session, Vote
from sharepool.tenants.council.services import (
    do_add_speaker,
    do_cast_vote,
    do_second_motion,
    is_voting_member,
)
from sharepool.tenants.members.permissions import CommunityPermission, has_permission
from sharepool.web.auth import member_required
from sharepool.web.council.forms import CastVoteForm
from sharepool.web.council.labels import labelled

PAGE_SIZE = 20


def may_run(member, session) -> bool:
    """Who sees the console's link: the session's chair or secretary, or a community worker (the domain
    decides again on every action)."""
    return member.id in (session.chair_id, session.secretary_id) or has_permission(
        member, CommunityPermission.RUN_COUNCIL
    )


@member_required
def council_home(request):
    sessions = CountingPaginator(reads.sessions(), PAGE_SIZE).get_page(request.GET.get("sessions"))
    motions = CountingPaginator(reads.motions(), PAGE_SIZE).get_page(request.GET.get("motions"))
    rows = [{"motion": motion, "result": reads.last_result(motion)} for motion in motions.object_list]
    context = {
        "councils": reads.councils(),
        "sessions": sessions,
        "runs": {
            session.id
            for session in sessions.object_list
            if session.state in (Session.State.SCHEDULED, Session.State.OPENED)
            and may_run(request.member, session)
        },
        "motions": motions,
        "rows": rows,
        "executions": reads.executions_by_building(),
    }
    return render(request, "web/council/home.html", context)


def motion_page(request, record, vote_form=None, error: str = ""):
    motion = record.motion
    labelled(record.events)
    vote = next((v for v in record.votes if v.closed_at is None), None)
    voting = is_voting_member(motion.council, request.member)
    context = {
        "record": record,
        "motion": motion,
        "results": [v for v in record.votes if v.closed_at is not None],
        "open_vote": vote,
        "secret_open": vote is not None and vote.method == Vote.Method.BALLOT,
        "may_second": voting
        and motion.state == Motion.State.SUBMITTED
        and motion.mover_id != request.member.id
        and all(s.member_id != request.member.id for s in record.seconders),
        "may_ask_to_speak": voting and motion.state == Motion.State.PENDING and not motion.debate_closed,
        "may_vote": voting
        and vote is not None
        and vote.method in (Vote.Method.ROLL_CALL, Vote.Method.BALLOT)
        and all(b.member_id != request.member.id for b in vote.ballots.all()),
        "vote_form": vote_form or CastVoteForm(),
        "error": error,
        "buildings": list(motion.buildings.all()),
    }
    return render(request, "web/council/motion_detail.html", context)


def record_or_404(motion_id: int):
    record = reads.motion_record(motion_id)
    if record is None:
        raise Http404
    return record


@member_required
def motion_detail(request, motion_id: int):
    return motion_page(request, record_or_404(motion_id))


# A member's own steps on a motion: (the domain call, whether it takes the vote form)
MEMBER_STEPS = {
    "second": lambda member, motion, data: do_second_motion(actor=member, motion_id=motion),
    "speak": lambda member, motion, data: do_add_speaker(actor=member, motion_id=motion),
    "vote": lambda member, motion, data: do_cast_vote(actor=member, motion_id=motion, choice=data["choice"]),
}


@require_POST
@member_required
def motion_step(request, motion_id: int, step: str):
    """A voting member seconds, asks for the floor or votes, from their own phone."""
    record = record_or_404(motion_id)
    if step not in MEMBER_STEPS:
        raise Http404
    form = CastVoteForm(request.POST) if step == "vote" else None
    if form is not None and not form.is_valid():
        return motion_page(request, record, vote_form=form)
    try:
        MEMBER_STEPS[step](request.member, record.motion.id, form.cleaned_data if form else {})
    except DomainError as error:
        return motion_page(request, record, vote_form=form, error=str(error.message))
    return redirect(reverse("web-council:motion", args=[record.motion.id]))


def session_or_404(session_id: int):
    session = reads.session_by_id(session_id)
    if session is None:
        raise Http404
    return session


def minutes_or_404(session):
    minutes = getattr(session, "minutes", None)
    if minutes is None:
        raise Http404
    return minutes


@member_required
def session_detail(request, session_id: int):
    """The session's agenda and its minutes, laid out to print (the print stylesheet drops the chrome)."""
    session = session_or_404(session_id)
    context = {
        "session": session,
        "agenda": reads.agenda(session),
        "minutes": getattr(session, "minutes", None),
        "runs": session.state in (Session.State.SCHEDULED, Session.State.OPENED)
        and may_run(request.member, session),
    }
    return render(request, "web/council/session_detail.html", context)


@member_required
def minutes_pdf(request, session_id: int):
    """The minutes as written from the events, in Chinese, as a PDF to print or file."""
    session = session_or_404(session_id)
    minutes = minutes_or_404(session)
    lines = minutes.text.splitlines()
    title, body = lines[0], lines[1:]
    if minutes.approved_in_id is not None:
        body += ["", f"本纪要经{minutes.approved_in.council.name}第{minutes.approved_in.number}次会议批准。"]
    else:
        body += ["", "本纪要尚待下次会议批准。"]
    pdf = text_pdf(title=title, lines=body, author=session.council.name)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{session.council_id}-{session.number}.pdf"'
    return response
