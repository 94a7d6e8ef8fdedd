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
from sharepool.tenants.council import services as council
from sharepool.tenants.council.models import Motion, Session, Vote
from sharepool.tenants.council.services import (
    do_add_speaker,
    do_cast_vote,
    do_second_motion,
    is_voting_member,
)
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission, has_permission
from sharepool.tenants.neighbourhood import reads as neighbourhood
from sharepool.web.auth import member_required, permission_required
from sharepool.web.council import forms
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
        "schedules": has_permission(request.member, CommunityPermission.RUN_COUNCIL),
    }
    return render(request, "web/council/home.html", context)


def motion_page(request, record, vote_form=None, error: str = "", step_form=None, step: str = ""):
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
        "may_amend": voting and motion.state == Motion.State.PENDING and not motion.debate_closed,
        "amendment_form": forms.AmendmentForm(),
        "may_vote": voting
        and vote is not None
        and vote.method in (Vote.Method.ROLL_CALL, Vote.Method.BALLOT)
        and all(b.member_id != request.member.id for b in vote.ballots.all()),
        "vote_form": vote_form or CastVoteForm(),
        "error": error,
        "buildings": list(motion.buildings.all()),
        **after_adoption(request.member, record),
        "may_draft": motion.state == Motion.State.DRAFT and motion.mover_id == request.member.id,
        "research_form": forms.ResearchForm(),
        "may_return": motion.state == Motion.State.REFERRED
        and (
            motion.mover_id == request.member.id
            or has_permission(request.member, CommunityPermission.RUN_COUNCIL)
        ),
        "study_form": forms.StudyReportForm(),
    }
    if step_form is not None:
        context[STEP_FORM_NAMES[step]] = step_form
    return render(request, "web/council/motion_detail.html", context)


def open_milestones(record) -> list:
    if record.execution is None:
        return []
    return [m for m in record.execution.execution.milestones.all() if m.reached_at is None]


def after_adoption(member, record) -> dict:
    """The forms of the execution the member may see: workers start, complete and follow up; workers
    and a concerned building's head report progress (the domain decides again on every post)."""
    motion, staff = record.motion, has_permission(member, CommunityPermission.RUN_COUNCIL)
    children = record.execution.buildings if record.execution else []
    if staff:
        reporting = children
    else:
        headed = {b.id for b in neighbourhood.buildings_headed_by(member)}
        reporting = [child for child in children if child.building_id in headed]
    return {
        "may_start": staff and motion.state == Motion.State.ADOPTED and motion.parent_id is None,
        "may_report": motion.state == Motion.State.IN_EXECUTION and bool(reporting),
        "may_reach_milestone": staff
        and motion.state == Motion.State.IN_EXECUTION
        and bool(open_milestones(record)),
        "may_complete": staff and motion.state == Motion.State.IN_EXECUTION,
        "may_follow_up": staff and motion.state == Motion.State.COMPLETED,
        "start_form": forms.StartExecutionForm(
            organisations=[(o.id, o.name) for o in neighbourhood.organisations(status="active")]
        ),
        "progress_form": forms.ReportProgressForm(
            buildings=[(child.building_id, child.building.name) for child in reporting]
        ),
        "milestone_form": forms.MilestoneReachedForm(
            milestones=[(m.id, m.title) for m in open_milestones(record)]
        ),
        "closing_form": forms.ClosingReportForm(),
        "follow_up_form": forms.FollowUpForm(),
    }


def record_or_404(motion_id: int):
    record = reads.motion_record(motion_id)
    if record is None:
        raise Http404
    return record


@member_required
def motion_detail(request, motion_id: int):
    return motion_page(request, record_or_404(motion_id))


@member_required
def new_motion(request):
    """A voting member drafts a motion with its research report, and files it or keeps it as a draft
    (submitMotion without a motionId)."""
    choices = {
        "councils": [(c.id, c.name) for c in reads.councils()],
        "buildings": [(b.id, b.name) for b in neighbourhood.buildings()],
    }
    form = forms.DraftMotionForm(request.POST or None, **choices)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            motion = council.do_draft_and_submit_motion(
                actor=request.member,
                council_id=data["councilId"],
                title=data["title"],
                text=data["text"],
                reason=data["reason"],
                research=data["research"],
                building_ids=data["buildingIds"],
                submit=not data["draftOnly"],
            )
        except DomainError as refused:
            error = str(refused.message)
            if refused.field in form.fields:
                form.add_error(refused.field, error)
        else:
            return redirect(reverse("web-council:motion", args=[motion.id]))
    return render(request, "web/council/motion_new.html", {"form": form, "error": error})


@permission_required(CommunityPermission.RUN_COUNCIL)
def new_session(request):
    """A worker schedules a session (createSession): the chair and secretary by the numbers on their cards."""
    form = forms.ScheduleSessionForm(
        request.POST or None, councils=[(c.id, c.name) for c in reads.councils()]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        numbers = {
            m.member_number: m.id for m in member_numbered(data["chairNumber"], data["secretaryNumber"])
        }
        try:
            session = council.do_create_session(
                actor=request.member,
                council_id=data["councilId"],
                title=data["title"],
                scheduled_at=data["scheduledAt"],
                place=data["place"],
                chair_id=numbers.get(data["chairNumber"], 0),
                secretary_id=numbers.get(data["secretaryNumber"], 0),
            )
        except DomainError as refused:
            field = {"chairId": "chairNumber", "secretaryId": "secretaryNumber"}.get(
                refused.field, refused.field
            )
            form.add_error(field if field in form.fields else None, str(refused.message))
        else:
            return redirect(reverse("web-council:session", args=[session.id]))
    return render(request, "web/council/session_new.html", {"form": form}, status=400 if form.errors else 200)


def member_numbered(*numbers: int):
    return Member.objects.filter(member_number__in=numbers, status=Member.Status.ACTIVE)


# The steps on a motion's page: step -> (its form, the permission its mutation declares, the domain call)
STEPS = {
    "second": (
        None,
        CommunityPermission.TAKE_PART_IN_COUNCIL,
        lambda member, motion, data: do_second_motion(actor=member, motion_id=motion),
    ),
    "speak": (
        None,
        CommunityPermission.TAKE_PART_IN_COUNCIL,
        lambda member, motion, data: do_add_speaker(actor=member, motion_id=motion),
    ),
    "vote": (
        CastVoteForm,
        CommunityPermission.TAKE_PART_IN_COUNCIL,
        lambda member, motion, data: do_cast_vote(actor=member, motion_id=motion, choice=data["choice"]),
    ),
    "amend": (
        forms.AmendmentForm,
        CommunityPermission.TAKE_PART_IN_COUNCIL,
        lambda member, motion, data: council.do_propose_amendment(
            actor=member, motion_id=motion, title=data["title"], text=data["text"]
        ),
    ),
    "research": (
        forms.ResearchForm,
        CommunityPermission.TAKE_PART_IN_COUNCIL,
        lambda member, motion, data: council.do_add_research(
            actor=member, motion_id=motion, research=data["research"]
        ),
    ),
    "submit": (
        None,
        CommunityPermission.TAKE_PART_IN_COUNCIL,
        lambda member, motion, data: council.do_submit_motion(actor=member, motion_id=motion),
    ),
    "return": (
        forms.StudyReportForm,
        CommunityPermission.TAKE_PART_IN_COUNCIL,
        lambda member, motion, data: council.do_return_referred_motion(
            actor=member, motion_id=motion, report=data["report"]
        ),
    ),
    "start-execution": (
        forms.StartExecutionForm,
        CommunityPermission.RUN_COUNCIL,
        lambda member, motion, data: council.do_start_execution(
            actor=member,
            motion_id=motion,
            due_on=data["dueOn"],
            organisation_ids=data["organisationIds"],
            milestones=data["milestones"],
        ),
    ),
    "report-progress": (
        forms.ReportProgressForm,
        CommunityPermission.TAKE_PART_IN_COUNCIL,
        lambda member, motion, data: council.do_report_progress(
            actor=member,
            motion_id=motion,
            building_id=data["buildingId"],
            progress=data["progress"],
            note=data["note"],
        ),
    ),
    "milestone": (
        forms.MilestoneReachedForm,
        CommunityPermission.TAKE_PART_IN_COUNCIL,
        lambda member, motion, data: council.do_report_progress(
            actor=member, motion_id=motion, milestone_id=data["milestoneId"], note=data["note"]
        ),
    ),
    "complete": (
        forms.ClosingReportForm,
        CommunityPermission.RUN_COUNCIL,
        lambda member, motion, data: council.do_complete_execution(
            actor=member, motion_id=motion, closing_report=data["closingReport"]
        ),
    ),
    "follow-up": (
        forms.FollowUpForm,
        CommunityPermission.RUN_COUNCIL,
        lambda member, motion, data: council.do_record_follow_up(
            actor=member, motion_id=motion, note=data["note"]
        ),
    ),
}
# The name of each step's form in the page's context, to show it back with its errors.
STEP_FORM_NAMES = {
    "vote": "vote_form",
    "research": "research_form",
    "amend": "amendment_form",
    "return": "study_form",
    "start-execution": "start_form",
    "report-progress": "progress_form",
    "milestone": "milestone_form",
    "complete": "closing_form",
    "follow-up": "follow_up_form",
}


@require_POST
@member_required
def motion_step(request, motion_id: int, step: str):
    """A step on a motion from its page; a refusal comes back on the page, nothing written."""
    record = record_or_404(motion_id)
    if step not in STEPS:
        raise Http404
    form_class, permission, perform = STEPS[step]
    if not has_permission(request.member, permission):
        return render(request, "web/forbidden.html", status=403)
    form = form_class(request.POST) if form_class is not None else None
    if form is not None and not form.is_valid():
        return motion_page(request, record, step_form=form, step=step)
    try:
        perform(request.member, record.motion.id, form.cleaned_data if form else {})
    except DomainError as refused:
        if form is not None and refused.field in form.fields:
            form.add_error(refused.field, str(refused.message))
        return motion_page(request, record, error=str(refused.message), step_form=form, step=step)
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
