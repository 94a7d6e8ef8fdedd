"""A community's records for its workers, by date range (issue 14): members, transfers, exchanges and
activities with attendance and hours, as header + rows for the one writer (sharepool.core.exports).

Rows come from `values_list(...).iterator()`: a server-side cursor read in chunks, never a list, so an
export of 100,000 transfers holds a chunk at a time. The request is checked and audited here; the page,
the API and the background task all call `do_open_export`.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.background import queue_on_commit
from sharepool.core.exports import CSV, FORMATS, csv_lines, xlsx_chunks
from sharepool.core.schemas import current_schema_name
from sharepool.tenants.activities.models import Activity, SignUp
from sharepool.tenants.audit.services import CommunityAuditAction, record_audit
from sharepool.tenants.ledger.actors import load_active_member, require_permission
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.stats.errors import ExportError, ExportErrorCode
from sharepool.tenants.stats.models import ExportJob
from sharepool.tenants.timebank.models import Exchange

CHUNK = 2000


class ExportKind(StrEnum):
    MEMBERS = "members"
    TRANSFERS = "transfers"
    EXCHANGES = "exchanges"
    ACTIVITIES = "activities"


KIND_LABELS = {
    ExportKind.MEMBERS: _("members"),
    ExportKind.TRANSFERS: _("transfers"),
    ExportKind.EXCHANGES: _("exchanges"),
    ExportKind.ACTIVITIES: _("activities"),
}


@dataclass(frozen=True)
class Period:
    """Whole days in the community's time zone, both ends included."""

    since: date
    until: date

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.since, time.min, tzinfo=zone)
        end = datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=zone)
        return start, end


EARLIEST = date(1900, 1, 1)


def within_calendar(since: date, until: date) -> bool:
    """Both ends' midnights exist in every time zone (date.min and date.max have none: the bad-input walk)."""
    return since >= EARLIEST and until < date.max


def checked_period(since: date | None, until: date | None) -> Period:
    if since is None or until is None or since > until:
        raise ExportError(
            ExportErrorCode.RANGE_INVALID, _("Choose a start date on or before the end date."), "since"
        )
    if not within_calendar(since, until):
        raise ExportError(ExportErrorCode.RANGE_INVALID, _("The dates are out of range."), "until")
    return Period(since, until)


def checked_kind(kind: str) -> ExportKind:
    try:
        return ExportKind(kind)
    except ValueError:
        raise ExportError(ExportErrorCode.UNKNOWN_KIND, _("Unknown export."), "kind") from None


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value is not None else None


def _members(start: datetime, end: datetime) -> tuple[QuerySet, list[str]]:
    rows = Member.objects.filter(applied_at__gte=start, applied_at__lt=end).order_by("id")
    return rows.values_list(
        "member_number",
        "display_name",
        "status",
        "role",
        "building__name",
        "unit",
        "applied_at",
        "approved_at",
    ), [
        str(_("member number")),
        str(_("name")),
        str(_("status")),
        str(_("role")),
        str(_("building")),
        str(_("unit")),
        str(_("applied")),
        str(_("approved")),
    ]


def _transfers(start: datetime, end: datetime) -> tuple[QuerySet, list[str]]:
    rows = Transfer.objects.filter(created_at__gte=start, created_at__lt=end).order_by("created_at", "id")
    return rows.values_list(
        "created_at",
        "kind",
        "debit__member__display_name",
        "debit__kind",
        "credit__member__display_name",
        "credit__kind",
        "amount",
        "memo",
    ), [
        str(_("when")),
        str(_("kind")),
        str(_("from")),
        str(_("from account")),
        str(_("to")),
        str(_("to account")),
        str(_("amount (minutes)")),
        str(_("memo")),
    ]


def _exchanges(start: datetime, end: datetime) -> tuple[QuerySet, list[str]]:
    rows = Exchange.objects.filter(created_at__gte=start, created_at__lt=end).order_by("created_at", "id")
    return rows.values_list(
        "created_at",
        "provider__display_name",
        "recipient__display_name",
        "category__name",
        "state",
        "minutes",
    ), [
        str(_("proposed")),
        str(_("provider")),
        str(_("recipient")),
        str(_("category")),
        str(_("state")),
        str(_("minutes")),
    ]


def _activities(start: datetime, end: datetime) -> tuple[QuerySet, list[str]]:
    attended = Q(sign_ups__checked_in_at__isnull=False)
    rows = (
        Activity.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .annotate(
            signed_up=Count("sign_ups", filter=Q(sign_ups__status=SignUp.Status.CONFIRMED), distinct=True),
            attended=Count("sign_ups", filter=attended, distinct=True),
            awarded_minutes=Sum("awards__minutes"),
        )
        .order_by("starts_at", "id")
    )
    return rows.values_list(
        "starts_at", "title", "place", "status", "signed_up", "attended", "awarded_minutes"
    ), [
        str(_("starts")),
        str(_("title")),
        str(_("place")),
        str(_("status")),
        str(_("signed up")),
        str(_("attended")),
        str(_("minutes awarded")),
    ]


_QUERIES = {
    ExportKind.MEMBERS: _members,
    ExportKind.TRANSFERS: _transfers,
    ExportKind.EXCHANGES: _exchanges,
    ExportKind.ACTIVITIES: _activities,
}


@dataclass(frozen=True)
class OpenExport:
    kind: ExportKind
    period: Period
    header: list[str]
    query: QuerySet

    def count(self) -> int:
        return self.query.count()

    def rows(self) -> Iterator[Sequence[Any]]:
        # Times in the community's zone, as the pages show them; the writer drops the offset.
        for row in self.query.iterator(chunk_size=CHUNK):
            yield tuple(_local(value) if isinstance(value, datetime) else value for value in row)

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.period.since:%Y%m%d}-{self.period.until:%Y%m%d}"


def open_export(kind: str, since: date | None, until: date | None) -> OpenExport:
    """The rows, unread; no permission check (for `do_open_export` and the background task)."""
    checked = checked_kind(kind)
    period = checked_period(since, until)
    query, header = _QUERIES[checked](*period.bounds())
    return OpenExport(checked, period, header, query)


def do_open_export(*, actor_id: int, kind: str, since: date | None, until: date | None) -> OpenExport:
    """A worker's export: permission export_records, audited (who took which records, which period)."""
    actor = load_active_member(actor_id, field="actor")
    require_permission(actor, CommunityPermission.EXPORT_RECORDS)
    export = open_export(kind, since, until)
    with transaction.atomic():
        record_audit(
            actor=actor,
            action=CommunityAuditAction.RECORDS_EXPORTED,
            subject=("export", export.kind),
            after={"kind": export.kind, "since": str(export.period.since), "until": str(export.period.until)},
        )
    return export


# --- exports too large for the request: a task writes the file, the page shows its progress --------------

PROGRESS_EVERY = 1000  # rows between two progress writes: a bar that moves, without a write per row


def needs_background(export: OpenExport) -> bool:
    return export.count() > settings.EXPORT_IN_BACKGROUND_ROWS


def do_queue_export(*, actor_id: int, export: OpenExport, format: str) -> ExportJob:
    """A job for `write_export`, queued when the caller's transaction commits (its permission and audit
    were `do_open_export`'s)."""
    from sharepool.tenants.stats.tasks import write_export_task

    if format not in FORMATS:
        raise ExportError(ExportErrorCode.UNKNOWN_KIND, _("Unknown export."), "format")
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by_id=actor_id,
            kind=export.kind,
            format=format,
            since=export.period.since,
            until=export.period.until,
            rows_total=export.count(),
        )
        queue_on_commit(write_export_task, job_id=str(job.id))
    return job


def counted(job: ExportJob, rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(id=job.id).update(rows_done=done)
    ExportJob.objects.filter(id=job.id).update(rows_done=done)


def write_export(job_id: str) -> None:
    """Idempotent: a job already done is left alone; a redelivered one writes its file again."""
    job = ExportJob.objects.filter(id=job_id).first()
    if job is None or job.state == ExportJob.State.DONE:
        return
    ExportJob.objects.filter(id=job.id).update(state=ExportJob.State.RUNNING)
    export = open_export(job.kind, job.since, job.until)
    folder = Path(settings.EXPORTS_ROOT) / current_schema_name()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{job.id}.{job.format}"
    try:
        with path.open("wb") as file:
            rows = counted(job, export.rows())
            if job.format == CSV:
                for line in csv_lines(export.header, rows):
                    file.write(line.encode("utf-8"))
            else:
                for chunk in xlsx_chunks(export.header, rows, title=export.kind):
                    file.write(chunk)
    except Exception:
        ExportJob.objects.filter(id=job.id).update(state=ExportJob.State.FAILED)
        raise
    ExportJob.objects.filter(id=job.id).update(
        state=ExportJob.State.DONE, file_name=f"{export.filename}.{job.format}", finished_at=timezone.now()
    )


def export_job(job_id: UUID | None, member_id: int) -> ExportJob | None:
    """A worker's own job (its file holds the community's records: not for another worker's link).
    None for a `job_id` of None: the API passes that for an id that is not a UUID."""
    if job_id is None:
        return None
    return ExportJob.objects.filter(id=job_id, requested_by_id=member_id).first()


def job_path(job: ExportJob) -> Path:
    return Path(settings.EXPORTS_ROOT) / current_schema_name() / f"{job.id}.{job.format}"
