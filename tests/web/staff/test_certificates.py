"""Volunteer-hour certificates (issue 14): a student's own from /me/, a worker's for any member, the PDF's
figures from the ledger and equal to /me/'s, and /verify/<code>/ for anyone, in that community only."""

import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from sharepool.tenants.activities.services import (
    do_award_activity,
    do_check_in,
    do_create_activity,
    do_sign_up,
)
from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.stats.models import Certificate
from tests.tenants.cast import category
from tests.web.pages import back_to, client_of
from tests.web.staff.conftest import members_state


def held_classroom(world, *members, minutes: int = 90, title: str = "四点半课堂"):
    """An activity that started half an hour ago, the members checked in and awarded now."""
    start = timezone.now() - timedelta(minutes=30)
    activity = do_create_activity(
        actor_id=world.cast.coordinator.id,
        title=title,
        category_id=category("childcare-tutoring").id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="社区党群服务中心",
        capacity=5,
        minutes_credited=minutes,
    )
    for member in members:
        do_sign_up(actor_id=member.id, activity_id=activity.id, now=start - timedelta(days=1))
        do_check_in(actor_id=world.cast.coordinator.id, activity_id=activity.id, member_id=member.id)
    do_award_activity(
        actor_id=world.cast.coordinator.id, activity_id=activity.id, idempotency_key=f"award-{title}"
    )
    return activity


def stranger(community) -> Client:
    return Client(HTTP_HOST=community.domain)


def pdf_text(response) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def period() -> dict:
    today = timezone.localdate()
    return {"since": (today - timedelta(days=30)).isoformat(), "until": today.isoformat()}


def test_a_student_gets_a_certificate_whose_hours_match_me_and_anyone_can_verify_it(world, beizhan, minle):
    # given: the student (陈同学) served two classrooms, 1.5 h and 2 h
    student = world.cast.carol
    held_classroom(world, student, minutes=90, title="四点半课堂")
    held_classroom(world, student, minutes=120, title="敬老院探访")
    client = client_of(beizhan, student)
    served_on_me = re.search(r'data-figure="served">([^<]+)<', client.get("/me/").text).group(1)

    # when: she asks for this month's certificate
    response = client.post("/me/certificate/", period(), follow=True)

    # then: a PDF naming her, the community, both activities and the hours /me/ shows
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "志愿服务时长证明" in text and "陈同学" in text and "北站社区" in text
    assert "四点半课堂" in text and "敬老院探访" in text
    assert served_on_me == "3.5 小时" and "累计服务时长：3.5 小时" in text
    back_to(beizhan)
    certificate = Certificate.objects.get()
    assert certificate.minutes == 210 and certificate.code in text

    # and: a stranger (not signed in) checks the code and sees the figures, nothing more
    page = stranger(beizhan).get(f"/verify/{certificate.code}/").text
    assert "陈同学" in page and "3.5 小时" in page and "四点半课堂" not in page
    # and: another community's host knows nothing of it
    assert stranger(minle).get(f"/verify/{certificate.code}/").status_code == 404
    assert world.minle_untouched()


def test_a_bad_code_is_not_found(world, beizhan):
    response = stranger(beizhan).get("/verify/NOSUCHCODE/")
    assert response.status_code == 404
    assert "NOSUCHCODE" in response.text and 'data-field="not-found"' in response.text


def test_a_worker_issues_a_members_certificate_from_the_member_page_audited(world, beizhan):
    alice = world.cast.alice
    held_classroom(world, alice, minutes=60)
    client = client_of(beizhan, world.cast.worker)
    assert f"/staff/members/{alice.id}/certificate/" in client.get(f"/staff/members/{alice.id}/").text

    response = client.post(f"/staff/members/{alice.id}/certificate/", period(), follow=True)

    assert "张阿姨" in pdf_text(response) and "1 小时" in pdf_text(response)
    back_to(beizhan)
    entry = CommunityAuditEntry.objects.get(action="certificate_issued")
    assert entry.actor_id == world.cast.worker.id and entry.acting_for_id == alice.id


def test_a_resident_cannot_issue_or_read_another_members_certificate(world, beizhan):
    alice, bob = world.cast.alice, world.cast.bob
    held_classroom(world, alice)
    mine = client_of(beizhan, alice).post("/me/certificate/", period())
    back_to(beizhan)
    before = members_state(), Certificate.objects.count()

    refused = client_of(beizhan, bob).post(f"/staff/members/{alice.id}/certificate/", period())
    peek = client_of(beizhan, bob).get(mine["Location"])

    back_to(beizhan)
    assert refused.status_code == 403 and peek.status_code == 404
    assert (members_state(), Certificate.objects.count()) == before


@pytest.mark.parametrize(
    "days", [{"since": "2026-02-01", "until": "2026-01-01"}, {"since": "2020-01-01", "until": "2999-01-01"}]
)
def test_a_bad_period_is_refused_on_the_form_and_nothing_is_written(world, beizhan, days):
    client = client_of(beizhan, world.cast.carol)
    back_to(beizhan)
    before = members_state(), Certificate.objects.count()

    response = client.post("/me/certificate/", days)

    back_to(beizhan)
    assert response.status_code == 400
    assert (members_state(), Certificate.objects.count()) == before
