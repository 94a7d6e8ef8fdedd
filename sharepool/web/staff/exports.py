"""Exports of a community's records (issue 14): the form, then a streamed download through the one writer
(sharepool.core.exports). The domain (`do_open_export`) checks export_records and audits; the page only
renders its answer. A refusal (a bad period) is shown on the form."""

from django.shortcuts import render

from sharepool.core.errors import DomainError
from sharepool.core.exports import export_response
from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.tenants.stats.exports import do_open_export
from sharepool.web.errors import add_domain_error
from sharepool.web.staff.access import requires
from sharepool.web.staff.forms import ExportForm


@requires(P.EXPORT_RECORDS)
def exports(request):
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        try:
            export = do_open_export(
                actor_id=request.member.id, kind=data["kind"], since=data["since"], until=data["until"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return export_response(
                data["format"], export.filename, export.header, export.rows(), title=export.kind
            )
    return render(request, "staff/exports.html", {"form": form})
