"""Bringing an existing register in from the console (issue 14): the same check and import as
`manage.py import_members` (sharepool/tenants/neighbourhood/register_import.py).

One form, two buttons: "check" reports every bad line and what an import would do, writing nothing;
"import" checks the same way and writes all or nothing. The file is sent again with each, so the page
keeps no upload between requests.
"""

from django import forms
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sharepool.core.errors import DomainError
from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.tenants.neighbourhood.register_import import (
    ImportReport,
    do_import_register,
    importing_register,
    read_register,
)
from sharepool.web.errors import add_domain_error
from sharepool.web.staff.access import requires

PROGRESS_MARK = "<!--import-progress-->"
MAX_BYTES = 20 * 2**20  # a register of 100,000 members is under 10 MB as CSV


class RegisterFileForm(forms.Form):
    file = forms.FileField(label=_("Register (CSV or XLSX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Send a .csv or .xlsx file."), code="file_type")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."), code="file_too_large")
        return upload


@requires(P.APPROVE_MEMBERS, P.ADJUST_BALANCES)
def import_register(request):
    form = RegisterFileForm(request.POST or None, request.FILES or None)
    context = {"form": form, "problems": [], "report": None}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            lines, problems = read_register(upload.read(), upload.name)
        except DomainError as error:
            add_domain_error(form, error)
            return render(request, "staff/import_register.html", context, status=400)
        dry_run = request.POST.get("action") != "import"
        if problems:
            context["problems"] = problems
        else:
            try:
                # Checked against the community first, writing nothing: what would refuse the import is
                # shown as a page; only an import that will go through streams its progress.
                report = do_import_register(actor=request.member, lines=lines, dry_run=True)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                if not dry_run and not report.problems:
                    return StreamingHttpResponse(
                        streamed_import(request, lines), content_type="text/html; charset=utf-8"
                    )
                context["report"], context["problems"] = report, report.problems
    failed = form.errors or context["problems"]
    return render(request, "staff/import_register.html", context, status=400 if failed else 200)


def streamed_import(request, lines):
    """The page as the import runs: its top at once, a progress bar after each thousand members (the
    stylesheet shows only the newest, so it works without JavaScript), then the report and the rest.
    A browser that goes away closes the stream, and the import, one transaction, is rolled back."""
    page = render_to_string(
        "staff/import_register.html", {"form": RegisterFileForm(), "streaming": True}, request=request
    )
    top, rest = page.split(PROGRESS_MARK)
    yield top
    for step in importing_register(actor=request.member, lines=lines):
        if isinstance(step, ImportReport):
            yield render_to_string(
                "staff/_import_result.html", {"report": step, "problems": step.problems}, request=request
            )
        else:
            done, total = step
            yield format_html('<progress value="{}" max="{}">{} / {}</progress>', done, total, done, total)
    yield rest
