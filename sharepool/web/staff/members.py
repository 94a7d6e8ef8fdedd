"""Member search and a member's page with their history (issue 14).

The search reads `search_members`, as the API's `members(search:)` does, with the same rules: applicants
and rejected members only for those who see all members, phones searched and shown in full only for those
who see personal data (everyone else gets 138****5678). A member's page shows their account, so it asks
for the permission the API asks to see another member's account (view_personal_data).
"""

from typing import Any

from django.core.paginator import Page
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import render

from sharepool.core.paging import CountingPaginator
from sharepool.tenants.activities.models import ActivityAward, SignUp
from sharepool.tenants.admission.services import approvers_of
from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.services import default_credit_limit
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.tenants.members.permissions import has_permission
from sharepool.tenants.members.search import search_members
from sharepool.tenants.members.services import mask_phone
from sharepool.tenants.timebank.models import Exchange
from sharepool.web.account.views import movement, movements
from sharepool.web.staff.access import console_required, requires
from sharepool.web.staff.audit_labels import audit_line

PAGE_SIZE = 20
TABS = ("transfers", "exchanges", "activities", "audit")


@console_required
def search(request):
    held = request.staff_permissions
    if P.VIEW_MEMBERS not in held:
        return render(request, "web/forbidden.html", status=403)
    personal = P.VIEW_PERSONAL_DATA in held
    statuses = None if P.VIEW_ALL_MEMBERS in held else [Member.Status.ACTIVE]
    text = request.GET.get("q", "")
    found = search_members(text, statuses=statuses, by_phone=personal).select_related("building")
    page = CountingPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    for member in page.object_list:
        member.shown_phone = member.phone if personal else mask_phone(member.phone)
    context = {"page": page, "q": text, "personal": personal, "query": {"q": text}}
    return render(request, "staff/member_search.html", context)


def member_or_404(member_id: int) -> Member:
    member = (
        Member.objects.select_related("building", "user", "consent_recorded_by").filter(id=member_id).first()
    )
    if member is None:
        raise Http404
    return member


class RowsPage(Page):
    """A page of one tab, with `rows`: its objects made ready for the template."""

    rows: list[Any]


def with_rows(page: Page, rows: list[Any]) -> RowsPage:
    rows_page = RowsPage(page.object_list, page.number, page.paginator)
    rows_page.rows = rows
    return rows_page


def transfer_rows(account: Account | None, page_number) -> RowsPage:
    page = CountingPaginator(movements(account), PAGE_SIZE).get_page(page_number)
    return with_rows(
        page, [movement(transfer, account.id) for transfer in page.object_list] if account else []
    )


def exchange_rows(member: Member, page_number) -> RowsPage:
    exchanges = (
        Exchange.objects.filter(Q(provider_id=member.id) | Q(recipient_id=member.id))
        .select_related("provider", "recipient", "category")
        .order_by("-created_at", "-id")
    )
    page = CountingPaginator(exchanges, PAGE_SIZE).get_page(page_number)
    return with_rows(page, list(page.object_list))


def activity_rows(member: Member, page_number) -> RowsPage:
    sign_ups = (
        SignUp.objects.filter(member_id=member.id)
        .select_related("activity")
        .order_by("-activity__starts_at", "-id")
    )
    page = CountingPaginator(sign_ups, PAGE_SIZE).get_page(page_number)
    rows = list(page.object_list)
    # The page's awards in one query, whatever the number of rows.
    awarded = dict(
        ActivityAward.objects.filter(
            member_id=member.id, activity_id__in=[sign_up.activity_id for sign_up in rows]
        ).values_list("activity_id", "minutes")
    )
    for sign_up in rows:
        sign_up.awarded_minutes = awarded.get(sign_up.activity_id)
    return with_rows(page, rows)


def audit_entries_about(member: Member, account: Account | None):
    """Staff actions on the member, on their account and its transfers (adjustments, reversals), on their
    exchanges (disputes), and those a worker took on their behalf: one query, subqueries inside."""
    exchanges = Exchange.objects.filter(Q(provider_id=member.id) | Q(recipient_id=member.id))
    about = (
        Q(subject_type="member", subject_id=str(member.id))
        | Q(acting_for_id=member.id)
        | Q(subject_type="exchange", subject_id__in=exchanges.values(text_id=Cast("id", CharField())))
    )
    if account is not None:
        transfers = Transfer.objects.filter(Q(debit_id=account.id) | Q(credit_id=account.id))
        about |= Q(subject_type="account", subject_id=str(account.id)) | Q(
            subject_type="transfer", subject_id__in=transfers.values(text_id=Cast("id", CharField()))
        )
    return CommunityAuditEntry.objects.filter(about).order_by("-occurred_at", "-id")


def audit_rows(member: Member, account: Account | None, page_number) -> RowsPage:
    page = CountingPaginator(audit_entries_about(member, account), PAGE_SIZE).get_page(page_number)
    return with_rows(page, [audit_line(entry) for entry in page.object_list])


@requires(P.VIEW_PERSONAL_DATA)
def member_page(request, member_id: int):
    member = member_or_404(member_id)
    account = Account.objects.filter(member_id=member.id).first()
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else TABS[0]
    page_number = request.GET.get("page")
    if tab == "transfers":
        page = transfer_rows(account, page_number)
    elif tab == "exchanges":
        page = exchange_rows(member, page_number)
    elif tab == "activities":
        page = activity_rows(member, page_number)
    else:
        page = audit_rows(member, account, page_number)
    context = {
        "subject": member,
        "account": account,
        "credit_limit": account.credit_limit if account else None,
        "default_credit_limit": default_credit_limit(),
        "approved_by": approvers_of([member.id]).get(member.id)
        if has_permission(request.member, P.APPROVE_MEMBERS)
        else None,
        "tab": tab,
        "tabs": TABS,
        "page": page,
        "query": {"tab": tab},
    }
    return render(request, "staff/member_page.html", context)
