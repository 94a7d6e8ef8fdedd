"""The council's states as its pages show them (sharepool/web/council/labels.py says why not
get_FOO_display)."""

from django import template

from sharepool.web.council import labels

register = template.Library()


@register.filter
def session_state(session) -> str:
    return str(labels.SESSION_STATES.get(session.state, session.state))


@register.filter
def motion_state(motion) -> str:
    return str(labels.MOTION_STATES.get(motion.state, motion.state))


@register.filter
def execution_status(child) -> str:
    return str(labels.EXECUTION_STATUSES.get(child.status, child.status))


@register.filter
def vote_result(vote) -> str:
    return str(labels.VOTE_RESULTS.get(vote.result, vote.result))
