"""Exports and volunteer-hour certificates (issue 14). Each operation: declared permissions, arguments,
one domain call (tenants/stats/exports.py, tenants/stats/certificates.py)."""

import graphene
from django.urls import reverse
from django.utils.http import urlencode

from sharepool.core.ids import local_id
from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import PUBLIC, SIGNED_IN, in_domain, requires
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.stats.certificates import certificate_by_code, do_issue_certificate
from sharepool.tenants.stats.exports import ExportKind, do_open_export

ExportKindEnum = graphene.Enum("ExportKind", [(kind.name, kind.value) for kind in ExportKind])
ExportFormat = graphene.Enum("ExportFormat", [("CSV", "csv"), ("XLSX", "xlsx")])


def value(enum_member):
    return getattr(enum_member, "value", enum_member)


class CertificateType(graphene.ObjectType):
    """A volunteer-hour certificate as issued: its figures do not change with the ledger afterwards."""

    class Meta:
        name = "Certificate"

    code = graphene.String(required=True, description="The verification code printed on it.")
    member_name = graphene.String(required=True)
    since = graphene.Date(required=True)
    until = graphene.Date(required=True)
    minutes = graphene.Int(required=True, description="Activity minutes awarded in the period.")
    issued_at = graphene.DateTime(required=True)
    pdf_url = graphene.String(required=True, description="The PDF, for the member and workers.")
    verify_url = graphene.String(required=True, description="Where anyone checks the code.")

    @staticmethod
    def resolve_pdf_url(certificate, info):
        return reverse("certificate-pdf", args=[certificate.code])

    @staticmethod
    def resolve_verify_url(certificate, info):
        return reverse("verify", args=[certificate.code])


class VerifiedCertificateType(graphene.ObjectType):
    """What anyone may read of a certificate by its code: no activities, no member id."""

    class Meta:
        name = "VerifiedCertificate"

    member_name = graphene.String(required=True)
    since = graphene.Date(required=True)
    until = graphene.Date(required=True)
    minutes = graphene.Int(required=True)
    issued_at = graphene.DateTime(required=True)


class IssueCertificate(DomainMutation):
    """A member's own certificate, or (a worker) any member's: the activity hours awarded in the days
    `since`..`until` (both included)."""

    permissions = (
        SIGNED_IN,
        in_domain(CommunityPermission.ISSUE_CERTIFICATES, when="memberId is another member"),
    )

    class Arguments:
        since = graphene.Date(required=True)
        until = graphene.Date(required=True)
        member_id = graphene.ID(description="Default: yourself.")

    certificate = graphene.Field(CertificateType)

    @classmethod
    def perform(cls, info, since, until, member_id=None):
        actor = info.context.member
        subject = local_id(member_id) if member_id is not None else actor.id
        certificate = do_issue_certificate(actor_id=actor.id, member_id=subject, since=since, until=until)
        return cls(certificate=certificate, errors=[])


class ExportJobType(graphene.ObjectType):
    class Meta:
        name = "ExportJob"

    kind = ExportKindEnum(required=True)
    row_count = graphene.Int(required=True)
    download_url = graphene.String(required=True, description="The streamed CSV or XLSX, for this worker.")


class RequestExport(DomainMutation):
    """A community's records for a period (both days included), checked and audited; the download
    streams them."""

    permissions = (CommunityPermission.EXPORT_RECORDS,)

    class Arguments:
        kind = ExportKindEnum(required=True)
        since = graphene.Date(required=True)
        until = graphene.Date(required=True)
        format = ExportFormat(default_value="xlsx")

    job = graphene.Field(ExportJobType)

    @classmethod
    def perform(cls, info, kind, since, until, format="xlsx"):
        export = do_open_export(actor_id=info.context.member.id, kind=value(kind), since=since, until=until)
        query = urlencode({"kind": export.kind, "since": since, "until": until, "format": value(format)})
        job = ExportJobType(
            kind=str(export.kind),
            row_count=export.count(),
            download_url=f"{reverse('staff:exports')}?{query}",
        )
        return cls(job=job, errors=[])


class RecordsMutations(graphene.ObjectType):
    issue_certificate = IssueCertificate.Field()
    request_export = RequestExport.Field()


class RecordsQueries(graphene.ObjectType):
    verify_certificate = graphene.Field(
        VerifiedCertificateType,
        code=graphene.String(required=True),
        description="A certificate by its code, or null: anyone may check one.",
    )

    @staticmethod
    @requires(PUBLIC)
    def resolve_verify_certificate(root, info, code):
        return certificate_by_code(code[:32])
