"""Volunteer-hour certificates on the community host (issue 14): a member asks for their own on /me/, the
PDF is printed from the frozen certificate, and anyone checks a code at /verify/<code>/ (the name, the
hours, the period and the issue date: nothing more)."""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.errors import DomainError
from sharepool.core.pdf import text_pdf
from sharepool.gateways.communities import current_community
from sharepool.tenants.members.permissions import CommunityPermission, member_permissions
from sharepool.tenants.stats.certificates import certificate_by_code, certificate_lines, do_issue_certificate
from sharepool.web.auth import member_required
from sharepool.web.errors import add_domain_error


class CertificateForm(forms.Form):
    """issueCertificate: the days (both included) whose activity hours the certificate states."""

    since = forms.DateField(
        label=_("From"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    until = forms.DateField(label=_("To"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


def issue_form(request, *, member_id: int, template: str, context: dict):
    """GET the form; POST issues through the domain and sends the member to the PDF."""
    today = timezone.localdate()
    form = CertificateForm(
        request.POST or None, initial={"since": today.replace(month=1, day=1), "until": today}
    )
    if request.method == "POST" and form.is_valid():
        try:
            certificate = do_issue_certificate(
                actor_id=request.member.id, member_id=member_id, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("certificate-pdf", certificate.code)
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


@member_required
def my_certificate(request):
    return issue_form(
        request, member_id=request.member.id, template="web/account/certificate.html", context={}
    )


def community_name() -> str:
    community = current_community()
    return community.name if community is not None else ""


@member_required
def certificate_pdf(request, code: str):
    """The member it names, or a worker who may issue certificates; anyone else a 404 (the code is not a
    secret from its holder, but the PDF names activities)."""
    certificate = certificate_by_code(code)
    may_issue = CommunityPermission.ISSUE_CERTIFICATES in member_permissions(request.member)
    if certificate is None or (certificate.member_id != request.member.id and not may_issue):
        raise Http404
    verify_url = request.build_absolute_uri(f"/verify/{certificate.code}/")
    name = community_name()
    pdf = text_pdf(
        title="志愿服务时长证明",
        lines=certificate_lines(certificate, community_name=name, verify_url=verify_url),
        author=name,
        qr=verify_url,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


def verify(request, code: str):
    """Public: no sign-in, so an admissions office can check what a student hands in."""
    certificate = certificate_by_code(code)
    return render(
        request,
        "web/account/verify.html",
        {"certificate": certificate, "code": code, "community_name": community_name()},
        status=200 if certificate is not None else 404,
    )
