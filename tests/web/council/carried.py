"""A motion carried from the floor to execution in Beizhan, through the domain, for the page tests."""

from datetime import timedelta

from django.utils import timezone

from sharepool.tenants.council.models import Motion
from sharepool.tenants.council.services import (
    do_close_session,
    do_close_vote,
    do_open_vote,
    do_report_progress,
    do_start_execution,
)
from tests.tenants.council.procedure import Assembly, on_the_floor


def adopted_and_under_way(a: Assembly, *, title="关于防止高空坠物加装防护网的议案") -> Motion:
    """Stated, adopted by a show of hands 4-1-0, the session closed, execution started, the first
    building at 100% and the second at 40%."""
    motion = on_the_floor(a, title=title)
    do_open_vote(actor=a.secretary, motion_id=motion.id, method="show_of_hands")
    do_close_vote(actor=a.secretary, motion_id=motion.id, yes=4, no=1, abstain=0)
    do_close_session(actor=a.secretary, session_id=a.session.id)
    do_start_execution(
        actor=a.secretary, motion_id=motion.id, due_on=timezone.localdate() + timedelta(days=60)
    )
    do_report_progress(actor=a.secretary, motion_id=motion.id, building_id=a.buildings[0].id, progress=100)
    do_report_progress(actor=a.secretary, motion_id=motion.id, building_id=a.buildings[1].id, progress=40)
    motion.refresh_from_db()
    return motion
