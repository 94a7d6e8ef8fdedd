from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.text import check_text
from sharepool.tenants.audit.services import CommunityAuditAction as Action
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.members.errors import MemberError, MemberErrorCode
from sharepool.tenants.members.models import Member, MemberEvent
from sharepool.tenants.members.services import do_lock_member_numbers, next_member_number
from sharepool.tenants.recognition.services import grant_member_number_milestone

# Every thousandth member is celebrated (the reference community honoured its 1,000th member).
MILESTONE_EVERY = 1000
# The messages are in the members app's catalogue: admission has no app, and its strings are about members.


def _pending_member_for_update(member_id) -> Member:
    try:
        member = Member.objects.select_for_update().get(id=int(member_id))
    except (Member.DoesNotExist, ValueError, TypeError):
        raise MemberError(MemberErrorCode.MEMBER_NOT_FOUND, _("No such member."), field="id") from None
    if member.status != Member.Status.PENDING:
        raise MemberError(
            MemberErrorCode.MEMBER_NOT_PENDING, _("This application has already been decided."), field="id"
        )
    return member


@transaction.atomic
def do_approve_member(*, actor: Member, member_id) -> Member:
    """Activate an applicant and give them the next member number."""
    do_lock_member_numbers()
    member = _pending_member_for_update(member_id)
    member.status = Member.Status.ACTIVE
    member.member_number = next_member_number()
    member.approved_at = timezone.now()
    member.save(update_fields=["status", "member_number", "approved_at"])
    MemberEvent.objects.create(
        member=member,
        kind=MemberEvent.Kind.APPROVED,
        actor=actor,
        detail={"member_number": member.member_number},
    )
    if member.member_number % MILESTONE_EVERY == 0:
        MemberEvent.objects.create(
            member=member,
            kind=MemberEvent.Kind.MILESTONE,
            actor=actor,
            detail={"member_number": member.member_number},
        )
    grant_member_number_milestone(member=member, now=member.approved_at)
    record_audit(
        actor=actor,
        action=Action.MEMBER_APPROVED,
        subject=member,
        before={"status": Member.Status.PENDING},
        after={"status": member.status, "member_number": member.member_number},
    )
    return member


@transaction.atomic
def do_reject_member(*, actor: Member, member_id, reason: str) -> Member:
    reason = reason.strip()
    if not reason:
        raise MemberError(
            MemberErrorCode.REASON_REQUIRED,
            _("Tell the applicant why they are not admitted."),
            field="reason",
        )
    check_text(reason, field="reason")
    member = _pending_member_for_update(member_id)
    member.status = Member.Status.REJECTED
    member.rejection_reason = reason
    member.save(update_fields=["status", "rejection_reason"])
    MemberEvent.objects.create(
        member=member, kind=MemberEvent.Kind.REJECTED, actor=actor, detail={"reason": reason}
    )
    record_audit(
        actor=actor,
        action=Action.MEMBER_REJECTED,
        subject=member,
        before={"status": Member.Status.PENDING},
        after={"status": member.status, "reason": reason},
    )
    return member
