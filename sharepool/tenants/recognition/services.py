"""Milestones (issue 4): the 1,000th member, 10, 50 and 100 hours served, or what the community's admin
set instead (CommunitySettings, issue 14).

Granted inside the transaction that earned them (an approval, a confirmation, an award), so the time bank,
activities and members call in here; the statistics that read the same rows live above them in
`sharepool.tenants.stats` (issue 11). Served minutes leave out any service whose transfer was reversed.
"""

from datetime import datetime

from django.db import connection, transaction

from sharepool.tenants.members.models import CommunitySettings, Member
from sharepool.tenants.notifications.announcements import announce_milestone
from sharepool.tenants.recognition.models import Recognition

# One statement: the member's served minutes (exchanges confirmed for them as provider, activity awards and
# hours credited for joint projects (stats.services.served_in_projects), leaving out any whose transfer was
# reversed), the hours-served thresholds they already hold, and the community's hours-served milestones.
# benchmarks/ledger_throughput.py sends the same statement in its hand-written baseline.
SERVED_AND_HELD_SQL = """SELECT
     coalesce((SELECT sum(e.minutes) FROM timebank_exchange e
               WHERE e.provider_id = %(m)s AND e.state = 'confirmed'
                 AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.reverses_id = e.transfer_id)), 0)
   + coalesce((SELECT sum(a.minutes) FROM activities_activityaward a
               WHERE a.member_id = %(m)s
                 AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.reverses_id = a.transfer_id)), 0)
   + coalesce((SELECT sum(t.amount) FROM ledger_transfer t JOIN ledger_account c ON c.id = t.credit_id
               WHERE c.member_id = %(m)s
                 AND (t.kind = 'federation'
                      OR (t.kind = 'activity_award'
                          AND NOT EXISTS (SELECT 1 FROM activities_activityaward a WHERE a.transfer_id = t.id)))
                 AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.reverses_id = t.id)), 0),
     ARRAY(SELECT threshold FROM recognition_recognition
           WHERE kind = %(kind)s AND member_id = %(m)s),
     (SELECT hours_milestones FROM members_communitysettings WHERE id = 1)"""


def served_and_held_parameters(member_id: int) -> dict:
    return {"m": member_id, "kind": Recognition.Kind.HOURS_SERVED.value}


def served_and_held(member_id: int) -> tuple[int, set[int]]:
    """The member's served minutes and the hours-served thresholds they already hold.

    One statement: this runs inside every confirmation and award, after the provider's account is
    locked, so concurrent confirmations for the same provider see each other's minutes
    (benchmarks/ledger_throughput.py measured the separate look-up of held thresholds).
    """
    with connection.cursor() as cursor:
        cursor.execute(SERVED_AND_HELD_SQL, served_and_held_parameters(member_id))
        minutes, held, _milestones = cursor.fetchone()
        return minutes, set(held)


def grant_hours_milestones(*, member_id: int, now: datetime) -> list[Recognition]:
    """Inside the transaction that recorded the service: the community's hours-served milestones."""
    with connection.cursor() as cursor:
        cursor.execute(SERVED_AND_HELD_SQL, served_and_held_parameters(member_id))
        minutes, held, milestones = cursor.fetchone()
    hours = minutes // 60
    granted = []
    for threshold in sorted(milestones or []):
        if hours >= threshold and threshold not in held:
            recognition, created = Recognition.objects.get_or_create(
                kind=Recognition.Kind.HOURS_SERVED,
                threshold=threshold,
                member_id=member_id,
                defaults={"granted_at": now},
            )
            if created:
                announce_milestone(recognition)
                granted.append(recognition)
    return granted


def member_number_milestones() -> list[int]:
    return CommunitySettings.objects.values_list("member_number_milestones", flat=True).get(id=1)


def grant_member_number_milestone(*, member: Member, now: datetime) -> Recognition | None:
    """Inside the approval that gave the number: the 1,000th member is celebrated the day they join."""
    if member.member_number not in member_number_milestones():
        return None
    recognition, created = Recognition.objects.get_or_create(
        kind=Recognition.Kind.MEMBER_NUMBER,
        threshold=member.member_number,
        member=member,
        defaults={"granted_at": now},
    )
    if created:
        announce_milestone(recognition)
    return recognition


@transaction.atomic
def do_grant_member_number_milestones(*, now: datetime) -> list[Recognition]:
    """Members numbered 1,000, 5,000 and 10,000 (approval grants them; this catches up, idempotently)."""
    granted = []
    for member in Member.objects.filter(
        member_number__in=member_number_milestones(), status=Member.Status.ACTIVE
    ):
        assert member.member_number is not None, "the query picked members by their number"
        existed = Recognition.objects.filter(
            kind=Recognition.Kind.MEMBER_NUMBER, threshold=member.member_number, member=member
        ).exists()
        recognition = grant_member_number_milestone(member=member, now=now)
        # Never None here: the query picked only milestone numbers.
        if not existed and recognition is not None:
            granted.append(recognition)
    return granted


def recognitions(*, member_id: int | None = None, kind: str | None = None):
    rows = Recognition.objects.select_related("member")
    if member_id is not None:
        rows = rows.filter(member_id=member_id)
    if kind:
        rows = rows.filter(kind=kind)
    return rows
