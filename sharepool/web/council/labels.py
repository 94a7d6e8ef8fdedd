"""How the council's event log reads on a page: each event kind in the request's language (issue 13).

The minutes themselves are written in Chinese by the domain (tenants/council/minutes.py); these labels are
for the motion's timeline, which follows the request's language like the rest of the page.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sharepool.tenants.council.models import ExecutionBuilding, Motion, Session, Vote

EVENT_KINDS = {
    "council_created": _("Council created"),
    "seat_given": _("Seat given"),
    "seat_ended": _("Seat ended"),
    "session_scheduled": _("Session scheduled"),
    "checked_in": _("Checked in"),
    "left": _("Left the session"),
    "session_opened": _("Session opened"),
    "no_quorum": _("No quorum"),
    "session_closed": _("Session closed"),
    "session_adjourned": _("Session adjourned"),
    "minutes_approved": _("Minutes approved"),
    "drafted": _("Drafted"),
    "research_added": _("Research report added"),
    "submitted": _("Submitted"),
    "resubmitted": _("Submitted again"),
    "second": _("Seconded by a member"),
    "seconded": _("Seconded: number given"),
    "seconded_and_stated": _("Amendment seconded and stated"),
    "lapsed": _("Lapsed without a second"),
    "scheduled": _("Put on the agenda"),
    "stated": _("Question stated"),
    "amendment_proposed": _("Amendment proposed"),
    "speaker_added": _("Asked to speak"),
    "floor_given": _("Given the floor"),
    "speech_ended": _("Speech ended"),
    "debate_closed": _("Debate closed by two thirds"),
    "debate_continues": _("Motion to close debate failed"),
    "vote_opened": _("Vote opened"),
    "ballot_cast": _("Vote cast"),
    "vote_closed": _("Vote closed"),
    "text_amended": _("Text amended"),
    "withdrawn": _("Withdrawn"),
    "referred": _("Referred for study"),
    "returned_from_study": _("Back from study"),
    "postponed": _("Postponed"),
    "returned_unfinished": _("Not finished at this session"),
    "execution_started": _("Execution started"),
    "progress": _("Progress reported"),
    "milestone_reached": _("Milestone reached"),
    "completed": _("Execution completed"),
    "followed_up": _("Followed up"),
}


def event_label(kind: str) -> str:
    return str(EVENT_KINDS.get(kind, kind))


# The council's states with their own context: the same English words ("closed", "adopted") are other
# apps' too, and a catalogue's first translation would win (a listing is 已关闭, a session 已闭会).
SESSION_STATES = {
    Session.State.SCHEDULED: pgettext_lazy("council session", "scheduled"),
    Session.State.OPENED: pgettext_lazy("council session", "in session"),
    Session.State.CLOSED: pgettext_lazy("council session", "closed"),
    Session.State.ADJOURNED: pgettext_lazy("council session", "adjourned"),
    Session.State.NO_QUORUM: pgettext_lazy("council session", "no quorum"),
}
MOTION_STATES = {
    Motion.State.DRAFT: pgettext_lazy("motion", "draft / research"),
    Motion.State.SUBMITTED: pgettext_lazy("motion", "submitted"),
    Motion.State.SECONDED: pgettext_lazy("motion", "seconded"),
    Motion.State.SCHEDULED: pgettext_lazy("motion", "on the agenda"),
    Motion.State.PENDING: pgettext_lazy("motion", "under consideration"),
    Motion.State.VOTING: pgettext_lazy("motion", "voting"),
    Motion.State.ADOPTED: pgettext_lazy("motion", "adopted"),
    Motion.State.FAILED: pgettext_lazy("motion", "failed"),
    Motion.State.WITHDRAWN: pgettext_lazy("motion", "withdrawn"),
    Motion.State.LAPSED: pgettext_lazy("motion", "lapsed without a second"),
    Motion.State.REFERRED: pgettext_lazy("motion", "referred for study"),
    Motion.State.POSTPONED: pgettext_lazy("motion", "postponed"),
    Motion.State.IN_EXECUTION: pgettext_lazy("motion", "in execution"),
    Motion.State.COMPLETED: pgettext_lazy("motion", "completed"),
    Motion.State.FOLLOWED_UP: pgettext_lazy("motion", "followed up"),
}
EXECUTION_STATUSES = {
    ExecutionBuilding.Status.NOT_STARTED: pgettext_lazy("execution", "not started"),
    ExecutionBuilding.Status.IN_PROGRESS: pgettext_lazy("execution", "in progress"),
    ExecutionBuilding.Status.DONE: pgettext_lazy("execution", "done"),
}
VOTE_RESULTS = {
    Vote.Result.ADOPTED: pgettext_lazy("vote", "adopted"),
    Vote.Result.FAILED: pgettext_lazy("vote", "failed"),
}
# An event's from and to: a motion's, a session's or a building's execution state.
STATES: dict[str, Promise] = {
    str(state): label
    for labels in (EXECUTION_STATUSES, SESSION_STATES, MOTION_STATES)
    for state, label in labels.items()
}


def labelled(events) -> list:
    """The events with `label`, `from_label` and `to_label` for the page."""
    for event in events:
        event.label = event_label(event.kind)
        event.from_label = str(STATES.get(event.from_state, event.from_state))
        event.to_label = str(STATES.get(event.to_state, event.to_state))
    return events
