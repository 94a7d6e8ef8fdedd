"""Volunteer-hour certificates (志愿服务时长证明, issue 14): the hours a member was awarded for activities in
a period, from the ledger (awards not reversed, as `member_hours` counts them), frozen on issue with a
verification code anyone can check on the community's host.

A member issues their own; a worker (issue_certificates) anyone's. Audited either way: a certificate is a
document the community vouches for.
"""

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.audit.services import CommunityAuditAction, record_audit
from sharepool.tenants.ledger.actors import load_active_member, require_permission
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.stats.errors import CertificateError, CertificateErrorCode
from sharepool.tenants.stats.exports import Period, within_calendar
from sharepool.tenants.stats.models import Certificate
from sharepool.tenants.stats.services import served_awards

# No 0/O, 1/I/L: a code read aloud or typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass(frozen=True)
class AwardLine:
    title: str
    date: str
    minutes: int


def awards_in(member_id: int, period: Period) -> list[AwardLine]:
    start, end = period.bounds()
    rows = (
        served_awards()
        .filter(member_id=member_id, awarded_at__gte=start, awarded_at__lt=end)
        .order_by("activity__starts_at", "id")
        .values_list("activity__title", "activity__starts_at", "minutes")
    )
    return [
        AwardLine(title, timezone.localdate(starts).isoformat(), minutes) for title, starts, minutes in rows
    ]


def awarded_minutes(member_id: int, period: Period) -> int:
    start, end = period.bounds()
    awards = served_awards().filter(member_id=member_id, awarded_at__gte=start, awarded_at__lt=end)
    return awards.aggregate(m=Sum("minutes"))["m"] or 0


def do_issue_certificate(
    *, actor_id: int, member_id: int, since: date | None, until: date | None
) -> Certificate:
    actor = load_active_member(actor_id, field="actor")
    member = load_active_member(member_id)
    if member.id != actor.id:
        require_permission(actor, CommunityPermission.ISSUE_CERTIFICATES)
    if since is None or until is None or since > until or not within_calendar(since, until):
        raise CertificateError(
            CertificateErrorCode.PERIOD_INVALID, _("Choose a start date on or before the end date."), "since"
        )
    if until > timezone.localdate():
        raise CertificateError(
            CertificateErrorCode.PERIOD_INVALID, _("The period cannot end in the future."), "until"
        )
    period = Period(since, until)
    lines = awards_in(member.id, period)
    for _attempt in range(3):  # a code already taken (one in 31^10) draws again
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    code=new_code(),
                    member=member,
                    member_name=member.display_name,
                    since=since,
                    until=until,
                    minutes=sum(line.minutes for line in lines),
                    activities=[vars(line) for line in lines],
                    issued_by=actor,
                )
                record_audit(
                    actor=actor,
                    action=CommunityAuditAction.CERTIFICATE_ISSUED,
                    subject=certificate,
                    after={"member": member.id, "code": certificate.code, "minutes": certificate.minutes},
                    acting_for=member if member.id != actor.id else None,
                )
                return certificate
        except IntegrityError:
            continue
    raise RuntimeError("three verification codes in a row were taken")


def certificate_by_code(code: str) -> Certificate | None:
    return Certificate.objects.filter(code=code.strip().upper()).first()


def hours_text(minutes: int) -> str:
    """As /me/ shows hours (the `hours` filter in Chinese): 90 -> "1.5 小时"."""
    value = minutes / 60
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value)}"
    return f"{text} 小时"


def certificate_lines(certificate: Certificate, *, community_name: str, verify_url: str) -> list[str]:
    """The certificate's text, in Chinese: it is a document of a Chinese community, whatever the reader's
    language."""
    lines = [
        f"兹证明 {certificate.member_name} 于 {certificate.since:%Y年%m月%d日} 至 {certificate.until:%Y年%m月%d日}"
        f"期间在{community_name}参加志愿服务。",
        "",
        f"累计服务时长：{hours_text(certificate.minutes)}",
        "",
        "服务记录：",
    ]
    lines += [f"{a['date']}  {a['title']}  {hours_text(a['minutes'])}" for a in certificate.activities] or [
        "（无）"
    ]
    lines += [
        "",
        f"出具单位：{community_name}",
        f"出具日期：{timezone.localtime(certificate.issued_at):%Y年%m月%d日}",
        f"验证码：{certificate.code}",
        f"验证网址：{verify_url}",
    ]
    return lines
