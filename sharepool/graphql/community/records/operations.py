"""Exports and volunteer-hour certificates (issue 14). Each operation: declared permissions, arguments,
one domain call (tenants/stats/exports.py, tenants/stats/certificates.py)."""

import uuid

import graphene
from django.urls import reverse
from django.utils.http import urlencode

from sharepool.core.ids import local_id
from sharepool.graphql.core.mutations import DomainMutation
from sharepool.graphql.core.permissions import PUBLIC, SIGNED_IN, in_domain, requires
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.stats.certificates import certificate_by_code, do_issue_certificate
from sharepool.tenants.stats.exports import (
    ExportKind,
    do_open_export,
    do_queue_export,
    export_job,
    needs_background,
)
from sharepool.tenants.stats.models import ExportJob


def parse_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


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
    """An export: streamed at once when small (state DONE), else written by a task; poll `exportJob`."""

    class Meta:
        name = "ExportJob"

    id = graphene.ID(description="Null for an export small enough to stream at once.")
    kind = graphene.String(required=True)
    state = graphene.String(required=True, description="queued, running, done or failed.")
    row_count = graphene.Int(required=True)
    progress = graphene.Int(required=True, description="Percent of the rows written.")
    download_url = graphene.String(description="Once done: the CSV or XLSX, for the worker who asked.")


def job_payload(job: ExportJob) -> ExportJobType:
    done = job.state == ExportJob.State.DONE
    return ExportJobType(
        id=str(job.id),
        kind=job.kind,
        state=job.state,
        row_count=job.rows_total,
        progress=job.percent,
        download_url=reverse("staff:export-download", args=[job.id]) if done else None,
    )


class RequestExport(DomainMutation):
    """A community's records for a period (both days included), checked and audited. A large one is
    written by a task: the answer's job is then queued, and `exportJob(id)` tells its progress."""

    permissions = (CommunityPermission.EXPORT_RECORDS,)

    class Arguments:
        kind = ExportKindEnum(required=True)
        since = graphene.Date(required=True)
        until = graphene.Date(required=True)
        format = ExportFormat(default_value="xlsx")

    job = graphene.Field(ExportJobType)

    @classmethod
    def perform(cls, info, kind, since, until, format="xlsx"):
        actor_id = info.context.member.id
        export = do_open_export(actor_id=actor_id, kind=value(kind), since=since, until=until)
        if needs_background(export):
            return cls(
                job=job_payload(do_queue_export(actor_id=actor_id, export=export, format=value(format))),
                errors=[],
            )
        query = urlencode({"kind": export.kind, "since": since, "until": until, "format": value(format)})
        job = ExportJobType(
            id=None,
            kind=str(export.kind),
            state=ExportJob.State.DONE,
            row_count=export.count(),
            progress=100,
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

    export_job = graphene.Field(
        ExportJobType, id=graphene.ID(required=True), description="An export you asked for, by its id."
    )

    @staticmethod
    @requires(CommunityPermission.EXPORT_RECORDS)
    def resolve_export_job(root, info, id):
        job = export_job(parse_uuid(id), info.context.member.id)
        return job_payload(job) if job is not None else None

    @staticmethod
    @requires(PUBLIC)
    def resolve_verify_certificate(root, info, code):
        return certificate_by_code(code[:32])
