import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.text import check_model_texts, check_text
from sharepool.tenants.audit.services import CommunityAuditAction as Action
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.ledger.actors import require_permission
from sharepool.tenants.members.errors import MemberError, MemberErrorCode
from sharepool.tenants.members.models import Member, MemberEvent
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.members.services import PHONE_PATTERN, do_lock_member_numbers, next_member_number
from sharepool.tenants.notifications.announcements import announce_application_approved
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
    require_permission(actor, CommunityPermission.APPROVE_MEMBERS)
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
    announce_application_approved(member)
    record_audit(
        actor=actor,
        action=Action.MEMBER_APPROVED,
        subject=member,
        before={"status": Member.Status.PENDING},
        after={"status": member.status, "member_number": member.member_number},
    )
    return member


def approvers_of(member_ids: list[int]) -> dict[int, Member]:
    """{member id: the worker who approved them}, from the approval's MemberEvent; a member approved by
    a command or before events were kept has none."""
    events = (
        MemberEvent.objects.filter(
            member_id__in=member_ids, kind=MemberEvent.Kind.APPROVED, actor__isnull=False
        )
        .select_related("actor")
        .order_by("member_id", "-at")
    )
    approvers: dict[int, Member] = {}
    for event in events:
        assert event.actor is not None, "the query asked for events with an actor"
        approvers.setdefault(event.member_id, event.actor)
    return approvers


@transaction.atomic
def do_reject_member(*, actor: Member, member_id, reason: str) -> Member:
    require_permission(actor, CommunityPermission.APPROVE_MEMBERS)
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


# ---------------------------------------------------------------------------------------------
# Assisted registration (issue 14)

ASSISTED_USERNAME_PREFIX = "assisted-"


def check_assisted_phone(phone: str) -> str:
    """Optional here, and only here: an elder may have no mobile. One given is a mobile all the same."""
    phone = phone.strip()
    if phone and not PHONE_PATTERN.match(phone):
        raise MemberError(
            MemberErrorCode.PHONE_INVALID,
            _("Enter an 11-digit mobile number, or leave it empty."),
            field="phone",
        )
    return phone


@transaction.atomic
def do_register_assisted_member(
    *,
    actor: Member,
    display_name: str,
    consent: bool,
    phone: str = "",
    building=None,
    unit: str = "",
    skills: str = "",
) -> Member:
    """A community worker registers a resident who has no phone or no smartphone, and admits them at once
    (the worker has seen them): a member number, an account that cannot sign in (no password), and the
    resident's consent to their data being kept, recorded with who recorded it and when.

    `building` is a neighbourhood Building or None (neighbourhood.services.do_register_assisted_resident
    turns the typed text into one, as at ordinary registration)."""
    require_permission(actor, CommunityPermission.APPROVE_MEMBERS)
    require_permission(actor, CommunityPermission.ACT_FOR_MEMBERS)
    display_name = display_name.strip()
    if not display_name:
        raise MemberError(MemberErrorCode.NAME_REQUIRED, _("Give the resident's name."), field="displayName")
    phone = check_assisted_phone(phone)
    check_model_texts(Member, display_name=display_name, phone=phone, unit=unit, skills=skills)
    if consent is not True:
        raise MemberError(
            MemberErrorCode.CONSENT_REQUIRED,
            _("The resident must agree to their details being kept; tick the box once they have."),
            field="consent",
        )
    now = timezone.now()
    # No password: nobody signs in as this member; the worker acts for them (onBehalfOf).
    user = get_user_model().objects.create_user(username=f"{ASSISTED_USERNAME_PREFIX}{secrets.token_hex(6)}")
    applicant = Member.objects.create(
        user=user,
        display_name=display_name,
        phone=phone,
        building=building,
        unit=unit.strip(),
        skills=skills.strip(),
        status=Member.Status.PENDING,
        assisted=True,
        consent_recorded_at=now,
        consent_recorded_by=actor,
    )
    MemberEvent.objects.create(
        member=applicant, kind=MemberEvent.Kind.APPLIED, actor=actor, detail={"assisted": True}
    )
    record_audit(
        actor=actor,
        action=Action.MEMBER_REGISTERED,
        subject=applicant,
        after={"assisted": True, "consent_recorded_at": now, "consent_recorded_by": actor.id},
        acting_for=applicant,
    )
    return do_approve_member(actor=actor, member_id=applicant.id)
