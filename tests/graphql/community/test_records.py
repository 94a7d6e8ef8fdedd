"""issueCertificate, verifyCertificate and requestExport (issue 14): the same domain calls as the pages."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.stats.models import Certificate
from tests.graphql.conftest import gql, token_for
from tests.tenants.cast import seed_world
from tests.web.staff.conftest import members_state
from tests.web.staff.test_certificates import held_classroom

ISSUE = """mutation ($s: Date!, $u: Date!, $m: ID) { issueCertificate(since: $s, until: $u, memberId: $m) {
  certificate { code memberName minutes pdfUrl verifyUrl } errors { field code } } }"""
VERIFY = """query ($c: String!) { verifyCertificate(code: $c) { memberName minutes since until } }"""
EXPORT = """mutation ($k: ExportKind!, $s: Date!, $u: Date!) { requestExport(kind: $k, since: $s, until: $u, format: CSV) {
  job { kind rowCount downloadUrl } errors { field code } } }"""


def days(back: int = 30) -> dict:
    today = timezone.localdate()
    return {"s": (today - timedelta(days=back)).isoformat(), "u": today.isoformat()}


def test_a_student_issues_her_certificate_and_anyone_verifies_it_in_that_community_only(beizhan, minle):
    world = seed_world(beizhan, minle)
    held_classroom(world, world.cast.carol, minutes=90)

    body = gql(beizhan.domain, ISSUE, days(), token=token_for(beizhan.schema_name, world.cast.carol)).json()

    payload = body["data"]["issueCertificate"]
    assert payload["errors"] == []
    certificate = payload["certificate"]
    assert (certificate["memberName"], certificate["minutes"]) == ("陈同学", 90)
    assert certificate["verifyUrl"] == f"/verify/{certificate['code']}/"
    verified = gql(beizhan.domain, VERIFY, {"c": certificate["code"]}).json()["data"]["verifyCertificate"]
    assert (verified["memberName"], verified["minutes"]) == ("陈同学", 90)
    assert gql(minle.domain, VERIFY, {"c": certificate["code"]}).json()["data"]["verifyCertificate"] is None
    assert world.minle_untouched()


def test_a_resident_may_not_issue_another_members_certificate_and_nothing_is_written(beizhan, minle):
    world = seed_world(beizhan, minle)
    with schema_context(beizhan.schema_name):
        before = members_state(), Certificate.objects.count()

    token = token_for(beizhan.schema_name, world.cast.bob)
    refused = gql(beizhan.domain, ISSUE, {**days(), "m": str(world.cast.alice.id)}, token=token).json()
    backwards = gql(beizhan.domain, ISSUE, {"s": "2026-02-01", "u": "2026-01-01"}, token=token).json()

    assert refused["data"]["issueCertificate"]["errors"][0]["code"] == "not_permitted"
    assert backwards["data"]["issueCertificate"]["errors"][0]["code"] == "certificate_period_invalid"
    with schema_context(beizhan.schema_name):
        assert (members_state(), Certificate.objects.count()) == before


def test_a_worker_requests_an_export_and_a_resident_is_refused(beizhan, minle):
    world = seed_world(beizhan, minle)

    done = gql(
        beizhan.domain,
        EXPORT,
        {"k": "MEMBERS", **days(1)},
        token=token_for(beizhan.schema_name, world.cast.worker),
    ).json()["data"]["requestExport"]
    refused = gql(
        beizhan.domain,
        EXPORT,
        {"k": "MEMBERS", **days(1)},
        token=token_for(beizhan.schema_name, world.cast.alice),
    ).json()

    assert done["errors"] == [] and done["job"]["rowCount"] == 7
    assert done["job"]["downloadUrl"].startswith("/staff/exports/?kind=members")
    assert refused["data"]["requestExport"]["errors"][0]["code"] == "permission_denied"


JOB = """query ($id: ID!) { exportJob(id: $id) { state progress rowCount downloadUrl } }"""


def test_a_large_export_is_a_job_whose_progress_the_worker_polls(
    beizhan, minle, settings, tmp_path, django_capture_on_commit_callbacks
):
    world = seed_world(beizhan, minle)
    settings.EXPORT_IN_BACKGROUND_ROWS = 3
    settings.EXPORTS_ROOT = tmp_path
    token = token_for(beizhan.schema_name, world.cast.worker)

    with django_capture_on_commit_callbacks(execute=True):
        asked = gql(
            beizhan.domain,
            EXPORT.replace("kind rowCount", "id state rowCount"),
            {"k": "MEMBERS", **days(1)},
            token=token,
        )
    job_id = asked.json()["data"]["requestExport"]["job"]["id"]
    polled = gql(beizhan.domain, JOB, {"id": job_id}, token=token).json()["data"]["exportJob"]
    stranger = gql(
        beizhan.domain, JOB, {"id": job_id}, token=token_for(beizhan.schema_name, world.cast.admin)
    ).json()["data"]["exportJob"]

    assert (polled["state"], polled["progress"], polled["rowCount"]) == ("done", 100, 7)
    assert polled["downloadUrl"] == f"/staff/exports/{job_id}/download/"
    assert stranger is None
