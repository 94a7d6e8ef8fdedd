"""Ledger tools (issue 14): reverse a transfer with a reason (never delete), a member's credit line and the
community's default, balance adjustments (admins), disputes. Each page calls the domain function of its
GraphQL mutation (reverseTransfer, setCreditLimit, setDefaultCreditLimit, adjustBalance, resolveDispute),
which checks the permission again and writes the audit entry; a refusal is shown on the form, nothing
written."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sharepool.core.errors import DomainError
from sharepool.core.paging import CountingPaginator
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.services import (
    default_credit_limit,
    do_adjust_balance,
    do_reverse_transfer,
    do_set_credit_limit,
    do_set_default_credit_limit,
)
from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.tenants.timebank.models import Exchange
from sharepool.tenants.timebank.services import do_resolve_dispute
from sharepool.web.errors import add_domain_error
from sharepool.web.staff.access import requires
from sharepool.web.staff.forms import (
    AdjustBalanceForm,
    CreditLimitForm,
    DefaultCreditLimitForm,
    ResolveDisputeForm,
    ReverseTransferForm,
)
from sharepool.web.staff.members import member_or_404

PAGE_SIZE = 20


def member_tool(request, member, form, *, template: str):
    return render(request, template, {"subject": member, "form": form})


@requires(P.SET_CREDIT_LIMITS)
def credit_limit(request, member_id: int):
    member = member_or_404(member_id)
    form = CreditLimitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_set_credit_limit(
                actor_id=request.member.id, member_id=member.id, minutes=form.cleaned_data["minutes"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The credit line is set."))
            return redirect("staff:member", member.id)
    return member_tool(request, member, form, template="staff/credit_limit.html")


@requires(P.ADJUST_BALANCES)
def adjust(request, member_id: int):
    member = member_or_404(member_id)
    form = AdjustBalanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_adjust_balance(
                actor_id=request.member.id,
                member_id=member.id,
                amount=data["amount"],
                reason=data["reason"],
                idempotency_key=data["idempotencyKey"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The balance is adjusted."))
            return redirect("staff:member", member.id)
    return member_tool(request, member, form, template="staff/adjust_balance.html")


def transfer_or_404(transfer_id) -> Transfer:
    transfer = (
        Transfer.objects.select_related("debit__member", "credit__member").filter(id=transfer_id).first()
    )
    if transfer is None:
        raise Http404
    return transfer


@requires(P.REVERSE_TRANSFERS)
def reverse(request, transfer_id):
    transfer = transfer_or_404(transfer_id)
    form = ReverseTransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_reverse_transfer(
                actor_id=request.member.id,
                transfer_id=str(transfer.id),
                reason=form.cleaned_data["reason"],
                idempotency_key=form.cleaned_data["idempotencyKey"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The transfer is reversed."))
            member_id = transfer.credit.member_id or transfer.debit.member_id
            return redirect("staff:member", member_id) if member_id else redirect("staff:dashboard")
    return render(request, "staff/reverse_transfer.html", {"transfer": transfer, "form": form})


def disputes_page(request, failed: tuple[int, object] | None = None):
    disputed = (
        Exchange.objects.filter(state=Exchange.State.DISPUTED)
        .select_related("provider", "recipient", "category")
        .order_by("completed_at", "id")
    )
    page = CountingPaginator(disputed, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "exchange": exchange,
            "form": failed[1]
            if failed is not None and failed[0] == exchange.id
            else ResolveDisputeForm(auto_id=f"id_%s_{exchange.id}"),
        }
        for exchange in page.object_list
    ]
    on_page = {row["exchange"].id for row in rows}
    elsewhere = failed[1] if failed is not None and failed[0] not in on_page else None
    return render(request, "staff/disputes.html", {"page": page, "rows": rows, "failed_form": elsewhere})


@requires(P.RESOLVE_DISPUTES)
def disputes(request):
    return disputes_page(request)


@require_POST
@requires(P.RESOLVE_DISPUTES)
def resolve(request, exchange_id: int):
    form = ResolveDisputeForm(request.POST, auto_id=f"id_%s_{exchange_id}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            do_resolve_dispute(
                actor_id=request.member.id,
                exchange_id=exchange_id,
                decision=data["decision"],
                minutes=data["minutes"],
                note=data["note"],
                idempotency_key=data["idempotencyKey"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The dispute is resolved."))
            return redirect("staff:disputes")
    return disputes_page(request, failed=(exchange_id, form))


@requires(P.SET_DEFAULT_CREDIT_LIMIT)
def default_credit_line(request):
    form = DefaultCreditLimitForm(request.POST or None, initial={"minutes": default_credit_limit()})
    if request.method == "POST" and form.is_valid():
        try:
            changed = do_set_default_credit_limit(
                actor_id=request.member.id, minutes=form.cleaned_data["minutes"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The default credit line is set; %(count)s accounts follow it.") % {"count": changed},
            )
            return redirect("staff:default-credit-line")
    return render(
        request, "staff/default_credit_line.html", {"form": form, "current": default_credit_limit()}
    )
