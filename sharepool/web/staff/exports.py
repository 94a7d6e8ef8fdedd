"""Exports of a community's records (issue 14): the form, then a streamed download through the one writer
(sharepool.core.exports). The domain (`do_open_export`) checks export_records and audits; the page only
renders its answer. A refusal (a bad period) is shown on the form. An export of more rows than
EXPORT_IN_BACKGROUND_ROWS is written by a task: its page refreshes itself (no JavaScript needed) with a
progress bar until the download is ready."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from sharepool.core.errors import DomainError
from sharepool.core.exports import XLSX_TYPE, attachment, export_response
from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.tenants.stats.exports import (
    do_open_export,
    do_queue_export,
    export_job,
    job_path,
    needs_background,
)
from sharepool.tenants.stats.models import ExportJob
from sharepool.web.errors import add_domain_error
from sharepool.web.staff.access import requires
from sharepool.web.staff.forms import ExportForm

REFRESH_SECONDS = 2


@requires(P.EXPORT_RECORDS)
def exports(request):
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        try:
            export = do_open_export(
                actor_id=request.member.id, kind=data["kind"], since=data["since"], until=data["until"]
            )
            if needs_background(export):
                job = do_queue_export(actor_id=request.member.id, export=export, format=data["format"])
                return redirect("staff:export-job", job.id)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return export_response(
                data["format"], export.filename, export.header, export.rows(), title=export.kind
            )
    return render(request, "staff/exports.html", {"form": form})


@requires(P.EXPORT_RECORDS)
def job(request, job_id):
    found = export_job(job_id, request.member.id)
    if found is None:
        raise Http404
    running = found.state in (ExportJob.State.QUEUED, ExportJob.State.RUNNING)
    return render(
        request, "staff/export_job.html", {"job": found, "refresh": REFRESH_SECONDS if running else None}
    )


@requires(P.EXPORT_RECORDS)
def download(request, job_id):
    found = export_job(job_id, request.member.id)
    if found is None or found.state != ExportJob.State.DONE:
        raise Http404
    content_type = XLSX_TYPE if found.format == "xlsx" else "text/csv; charset=utf-8"
    response = FileResponse(job_path(found).open("rb"), content_type=content_type)
    response["Content-Disposition"] = attachment(found.file_name)
    return response
