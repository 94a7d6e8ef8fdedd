"""The chair's and secretary's console: a session run live from a tablet (issue 13).

One page shows the roll with the quorum, the agenda, the question on the floor with its speakers' list
and its vote, and the minutes waiting for approval. Every button is a POST form calling the domain
function its mutation calls; a refusal comes back on the page in the request's language (the domain's
typed error) and nothing is written. Who may use it is the domain's rule (the session's chair or
secretary, or a community worker); the page only hides itself from the others.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sharepool.core.errors import DomainError
from sharepool.tenants.council import reads
from sharepool.tenants.council import services as council
from sharepool.tenants.council.models import Session, Speaker, Vote
from sharepool.web.auth import member_required
from sharepool.web.council import forms
from sharepool.web.council.views import may_run, session_or_404

# step -> (its form, the domain call with the form's cleaned data)
STEPS = {
    "open": (
        forms.NoFieldsForm,
        lambda actor, session, data: council.do_open_session(actor=actor, session_id=session.id),
    ),
    "roll-call": (
        forms.MemberForm,
        lambda actor, session, data: council.do_check_in_to_session(
            actor=actor, session_id=session.id, member_id=data["memberId"], roll_call=True
        ),
    ),
    "leave": (
        forms.MemberForm,
        lambda actor, session, data: council.do_leave_session(
            actor=actor, session_id=session.id, member_id=data["memberId"]
        ),
    ),
    "schedule": (
        forms.ScheduleForm,
        lambda actor, session, data: council.do_schedule_motion(
            actor=actor, motion_id=data["motionId"], session_id=session.id
        ),
    ),
    "state": (
        forms.MotionForm,
        lambda actor, session, data: council.do_state_question(actor=actor, motion_id=data["motionId"]),
    ),
    "add-speaker": (
        forms.AddSpeakerForm,
        lambda actor, session, data: council.do_add_speaker(
            actor=actor, motion_id=data["motionId"], member_id=data["memberId"]
        ),
    ),
    "give-floor": (
        forms.GiveFloorForm,
        lambda actor, session, data: council.do_give_floor(
            actor=actor, motion_id=data["motionId"], speaker_id=data["speakerId"]
        ),
    ),
    "end-speech": (
        forms.MotionForm,
        lambda actor, session, data: council.do_end_speech(actor=actor, motion_id=data["motionId"]),
    ),
    "close-debate": (
        forms.CountsForm,
        lambda actor, session, data: council.do_close_debate(
            actor=actor, motion_id=data["motionId"], yes=data["yes"], no=data["no"], abstain=data["abstain"]
        ),
    ),
    "open-vote": (
        forms.OpenVoteForm,
        lambda actor, session, data: council.do_open_vote(
            actor=actor, motion_id=data["motionId"], method=data["method"]
        ),
    ),
    "close-vote": (
        forms.CloseVoteForm,
        lambda actor, session, data: council.do_close_vote(
            actor=actor, motion_id=data["motionId"], yes=data["yes"], no=data["no"], abstain=data["abstain"]
        ),
    ),
    "withdraw": (
        forms.MotionForm,
        lambda actor, session, data: council.do_withdraw_motion(actor=actor, motion_id=data["motionId"]),
    ),
    "refer": (
        forms.ReferForm,
        lambda actor, session, data: council.do_refer_motion(
            actor=actor, motion_id=data["motionId"], to=data["to"], report_due=data["reportDue"]
        ),
    ),
    "postpone": (
        forms.PostponeForm,
        lambda actor, session, data: council.do_postpone_motion(
            actor=actor, motion_id=data["motionId"], to_session_id=data["toSessionId"]
        ),
    ),
    "approve-minutes": (
        forms.ApproveMinutesForm,
        lambda actor, session, data: council.do_approve_minutes(
            actor=actor, minutes_session_id=data["minutesSessionId"], in_session_id=session.id
        ),
    ),
    "close": (
        forms.NoFieldsForm,
        lambda actor, session, data: council.do_close_session(actor=actor, session_id=session.id),
    ),
    "adjourn": (
        forms.NoFieldsForm,
        lambda actor, session, data: council.do_close_session(
            actor=actor, session_id=session.id, adjourn=True
        ),
    ),
}


def speakers_in_order(motion) -> dict:
    """The speakers' list as the chair reads it: who has the floor, who waits in the order the rule gives
    (first time before second time, then as they asked), who has spoken."""
    rows = list(Speaker.objects.filter(motion=motion).select_related("member").order_by("round", "position"))
    return {
        "speaking": next((s for s in rows if s.started_at and not s.ended_at), None),
        "waiting": [s for s in rows if s.started_at is None],
        "spoken": sorted((s for s in rows if s.ended_at), key=lambda s: s.started_at),
    }


def console_page(request, session: Session, error: str = ""):
    roll = reads.roll(session)
    quorum = council.quorum_now(session)
    floor = reads.on_the_floor(session)
    vote = reads.open_vote(floor) if floor is not None else None
    present = [(entry.seat.member_id, entry.seat.member.display_name) for entry in roll if entry.present]
    context = {
        "session": session,
        "is_open": session.state == Session.State.OPENED,
        "is_scheduled": session.state == Session.State.SCHEDULED,
        "quorum": quorum,
        "roll": roll,
        "agenda": reads.agenda(session),
        "floor": floor,
        "speakers": speakers_in_order(floor) if floor is not None else None,
        "vote": vote,
        "counted_by_chair": vote is not None
        and vote.method in (Vote.Method.VOICE, Vote.Method.SHOW_OF_HANDS),
        "ballots_cast": reads.ballots_cast(vote) if vote is not None else 0,
        "add_speaker_form": forms.AddSpeakerForm(members=present),
        "close_debate_form": forms.CountsForm(),
        "open_vote_form": forms.OpenVoteForm(),
        "close_vote_form": forms.CloseVoteForm(),
        "schedule_form": forms.ScheduleForm(
            motions=[(m.id, f"{m.number}. {m.title}") for m in reads.schedulable(session)]
        ),
        "refer_form": forms.ReferForm(),
        "postpone_form": forms.PostponeForm(
            sessions=[(s.id, s.title) for s in reads.later_sessions(session)]
        ),
        "approve_form": forms.ApproveMinutesForm(
            sessions=[(m.session_id, m.session.title) for m in reads.minutes_to_approve(session)]
        ),
        "error": error,
    }
    return render(request, "web/council/console.html", context)


def runnable_or_403(request, session_id: int):
    session = session_or_404(session_id)
    if not may_run(request.member, session):
        return session, render(request, "web/forbidden.html", status=403)
    return session, None


@member_required
def console(request, session_id: int):
    session, refused = runnable_or_403(request, session_id)
    return refused or console_page(request, session)


@require_POST
@member_required
def console_step(request, session_id: int, step: str):
    session, refused = runnable_or_403(request, session_id)
    if refused:
        return refused
    if step not in STEPS:
        raise Http404
    form_class, perform = STEPS[step]
    form = form_class(request.POST)
    if not form.is_valid():
        errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
        return console_page(request, session, error=errors)
    try:
        perform(request.member, session, form.cleaned_data)
    except DomainError as error:
        return console_page(request, session, error=str(error.message))
    return redirect(reverse("web-council:console", args=[session.id]) + "#floor")
