"""Exports of a community's records from the console (issue 14): CSV and XLSX by date range, streamed
through the one writer with constant memory, audited, refused for residents, nothing of another community."""

import csv
import io
import tracemalloc
from datetime import timedelta

from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from sharepool.core.exports import csv_lines
from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.ledger.services import community_pool, member_account_id
from sharepool.tenants.stats.exports import open_export
from tests.tenants.cast import give
from tests.web.pages import back_to, client_of
from tests.web.staff.conftest import members_state


def today() -> str:
    return timezone.localdate().isoformat()


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_worker_downloads_todays_transfers_as_csv_and_the_export_is_audited(world, beizhan):
    give(world.cast.alice, 125)
    client = client_of(beizhan, world.cast.worker)

    response = client.get(
        "/staff/exports/", {"kind": "transfers", "since": today(), "until": today(), "format": "csv"}
    )

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body_of(response).decode("utf-8-sig"))))
    assert rows[0][0] == "时间"
    amounts = [row[6] for row in rows[1:]]
    assert "125" in amounts
    assert "600" not in amounts  # Minlé's welcome credit stays in Minlé
    back_to(beizhan)
    entry = CommunityAuditEntry.objects.get(action="records_exported")
    assert entry.actor_id == world.cast.worker.id and entry.after["kind"] == "transfers"
    assert world.minle_untouched()


def test_the_members_export_as_xlsx_lists_the_communitys_members(world, beizhan):
    client = client_of(beizhan, world.cast.worker)

    response = client.get(
        "/staff/exports/", {"kind": "members", "since": "2000-01-01", "until": today(), "format": "xlsx"}
    )

    sheet = load_workbook(io.BytesIO(body_of(response)), read_only=True).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"张阿姨", "刘师傅", "陈同学", "王社工"} <= names
    assert len(names) == 7 + 0  # the seven of Beizhan's cast; Minlé's same-named cast is not here


def test_a_resident_may_not_export(world, beizhan):
    response = client_of(beizhan, world.cast.alice).get(
        "/staff/exports/", {"kind": "members", "since": today(), "until": today(), "format": "csv"}
    )
    assert response.status_code == 403


def test_a_period_ending_before_it_starts_is_refused_on_the_form_and_nothing_is_written(world, beizhan):
    client = client_of(beizhan, world.cast.worker)
    back_to(beizhan)
    before = members_state()
    later = (timezone.localdate() + timedelta(days=3)).isoformat()

    response = client.get(
        "/staff/exports/", {"kind": "members", "since": later, "until": today(), "format": "csv"}
    )

    back_to(beizhan)
    assert response.status_code == 200
    assert "开始日期" in response.content.decode()
    assert members_state() == before


def test_100000_transfers_export_under_a_fixed_memory_bound(world, beizhan):
    # given: 100,000 transfers, inserted in one statement (the ledger's services would take minutes)
    pool, alice = community_pool().id, member_account_id(world.cast.alice.id)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_transfer (id, idempotency_key, debit_id, credit_id, amount, kind, memo, created_at)"
            " SELECT gen_random_uuid(), 'bulk-' || g, %s, %s, 1 + g %% 90, 'welcome', '', now()"
            " FROM generate_series(1, 100000) AS g",
            [pool, alice],
        )
    export = open_export("transfers", timezone.localdate(), timezone.localdate())

    # when: the whole CSV is produced, line by line as the response streams it
    tracemalloc.start()
    try:
        lines = sum(1 for _ in csv_lines(export.header, export.rows()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # then: every row, and a peak far below what 100,000 rows held at once would take
    assert lines == 1 + 100_000
    assert peak < 16 * 1024 * 1024


def test_a_large_export_runs_as_a_task_with_progress_then_downloads(
    world, beizhan, settings, tmp_path, django_capture_on_commit_callbacks
):
    # given: more transfers than the page streams itself (the threshold lowered for the test)
    settings.EXPORT_IN_BACKGROUND_ROWS = 3
    settings.EXPORTS_ROOT = tmp_path
    for minutes in (11, 12, 13, 14, 15):
        give(world.cast.alice, minutes)
    client = client_of(beizhan, world.cast.worker)

    # when: the worker asks for them; the task runs (eagerly) when the request's transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.get(
            "/staff/exports/", {"kind": "transfers", "since": today(), "until": today(), "format": "csv"}
        )
    progress = client.get(asked["Location"])

    # then: a page with a full progress bar and a download of every row
    assert asked.status_code == 302
    assert 'data-job-state="done"' in progress.text and 'value="100"' in progress.text
    assert 'http-equiv="refresh"' not in progress.text
    download = client.get(f"{asked['Location']}download/")
    rows = list(csv.reader(io.StringIO(body_of(download).decode("utf-8-sig"))))
    assert {"11", "12", "13", "14", "15"} <= {row[6] for row in rows[1:]}
    # and: another worker's link is not theirs to open
    other = client_of(beizhan, world.cast.admin).get(asked["Location"])
    assert other.status_code == 404
    assert world.minle_untouched()


def test_a_running_export_page_refreshes_itself_with_its_progress(world, beizhan):
    from sharepool.tenants.stats.models import ExportJob

    job = ExportJob.objects.create(
        requested_by=world.cast.worker,
        kind="transfers",
        format="csv",
        since=timezone.localdate(),
        until=timezone.localdate(),
        rows_total=8000,
        rows_done=2000,
        state="running",
    )

    page = client_of(beizhan, world.cast.worker).get(f"/staff/exports/{job.id}/").text

    assert 'http-equiv="refresh"' in page and 'value="25"' in page and "2000" in page
