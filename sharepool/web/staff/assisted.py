"""Members without a phone or a smartphone (issue 14): a worker registers them (registerAssistedMember),
prints their member card, and takes their steps in the time bank for them (the exchange operations with
onBehalfOf). The worker is the actor and the member the party, as the exchange's events record.
"""

from dataclasses import dataclass

import segno
from django.contrib import messages
from django.forms import Form
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sharepool.core.errors import DomainError
from sharepool.core.paging import CountingPaginator
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission as P
from sharepool.tenants.neighbourhood.services import do_register_assisted_resident
from sharepool.tenants.timebank import services as timebank
from sharepool.tenants.timebank.models import Exchange, Offer, ServiceRequest
from sharepool.web.errors import add_domain_error
from sharepool.web.staff.access import requires
from sharepool.web.staff.forms import AssistedMemberForm, ProposeForMemberForm, SearchListingsForm
from sharepool.web.staff.members import member_or_404
from sharepool.web.timebank.views import STEPS, steps_for

LISTINGS_SHOWN = 10


@requires(P.APPROVE_MEMBERS, P.ACT_FOR_MEMBERS)
def register(request):
    form = AssistedMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = do_register_assisted_resident(
                actor=request.member,
                display_name=data["displayName"],
                consent=data["consent"],
                phone=data["phone"],
                building=data["building"],
                unit=data["unit"],
                skills=data["skills"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is a member, number %(number)s. Print their card.")
                % {"name": member.display_name, "number": member.member_number},
            )
            return redirect("staff:member", member.id)
    return render(request, "staff/assisted_register.html", {"form": form})


@requires(P.VIEW_PERSONAL_DATA)
def card(request, member_id: int):
    """The member card: number, name, community, and a QR code of the member's page for workers to scan."""
    member = member_or_404(member_id)
    if member.status != Member.Status.ACTIVE:
        raise Http404
    url = request.build_absolute_uri(reverse("staff:member", args=[member.id]))
    # Drawn here as SVG: printed from the browser, no image service, no CDN.
    qr_svg = segno.make(url, error="m").svg_inline(scale=5, title=str(member.member_number))
    return render(request, "staff/member_card.html", {"subject": member, "qr_svg": qr_svg, "card_url": url})


@dataclass(frozen=True)
class Refused:
    """A form the domain refused, shown again: on its exchange's row for a step, else on top of the page."""

    form: Form
    exchange_id: int | None = None  # a step's exchange
    step: str = ""


def act_page(request, member: Member, *, failed: Refused | None = None):
    """The member's exchanges with the steps that are theirs now, and open listings to answer for them."""
    search = SearchListingsForm(request.GET or None)
    text = search.cleaned_data["text"] if search.is_valid() else ""
    exchanges = list(
        timebank.exchanges_of(member.id).exclude(
            state__in=[Exchange.State.CONFIRMED, Exchange.State.CANCELLED]
        )[:20]
    )
    rows, unattached = [], failed.form if failed is not None else None
    for exchange in exchanges:
        forms = {step: STEPS[step][0](auto_id=f"id_%s_{exchange.id}") for step in steps_for(exchange, member)}
        if failed is not None and failed.step and failed.exchange_id == exchange.id:
            forms[failed.step], unattached = failed.form, None
        rows.append({"exchange": exchange, "forms": forms})
    try:
        offers = timebank.offers(text=text, status=Offer.Status.OPEN).exclude(member_id=member.id)
        needs = timebank.service_requests(text=text, status=ServiceRequest.Status.OPEN).exclude(
            member_id=member.id
        )
    except DomainError:  # text the time bank refuses to search for finds nothing here
        offers, needs = Offer.objects.none(), ServiceRequest.objects.none()
    context = {
        "subject": member,
        "rows": rows,
        "search": search,
        "offers": CountingPaginator(offers, LISTINGS_SHOWN).get_page(1).object_list,
        "needs": CountingPaginator(needs, LISTINGS_SHOWN).get_page(1).object_list,
        # A refusal not shown on an exchange's row (a proposal, an exchange no longer listed) is shown on top.
        "failed_form": unattached,
    }
    return render(request, "staff/act_for_member.html", context)


@requires(P.ACT_FOR_MEMBERS)
def act(request, member_id: int):
    return act_page(request, member_or_404(member_id))


@require_POST
@requires(P.ACT_FOR_MEMBERS)
def propose(request, member_id: int, kind: str, listing_id: int):
    member = member_or_404(member_id)
    form = ProposeForMemberForm(request.POST)
    if form.is_valid():
        if kind not in ("offer", "request"):
            raise Http404
        try:
            exchange = timebank.do_propose_exchange(
                actor_id=request.member.id,
                on_behalf_of_id=member.id,
                note=form.cleaned_data["note"],
                offer_id=listing_id if kind == "offer" else None,
                request_id=listing_id if kind == "request" else None,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Proposed for %(name)s.") % {"name": member.display_name})
            return redirect(f"{reverse('staff:act', args=[member.id])}#exchange-{exchange.id}")
    return act_page(request, member, failed=Refused(form))


# step -> the domain call with onBehalfOf, as the resident's own page calls it without (web/timebank/views.py)
STEPS_FOR = {
    "accept": lambda actor, party, exchange, data: timebank.do_accept_exchange(
        actor_id=actor, exchange_id=exchange, on_behalf_of_id=party
    ),
    "complete": lambda actor, party, exchange, data: timebank.do_complete_exchange(
        actor_id=actor, exchange_id=exchange, minutes=data["minutes"], on_behalf_of_id=party
    ),
    "confirm": lambda actor, party, exchange, data: timebank.do_confirm_exchange(
        actor_id=actor, exchange_id=exchange, idempotency_key=data["idempotencyKey"], on_behalf_of_id=party
    ),
    "dispute": lambda actor, party, exchange, data: timebank.do_dispute_exchange(
        actor_id=actor, exchange_id=exchange, reason=data["reason"], on_behalf_of_id=party
    ),
    "cancel": lambda actor, party, exchange, data: timebank.do_cancel_exchange(
        actor_id=actor, exchange_id=exchange, reason=data["reason"], on_behalf_of_id=party
    ),
}


@require_POST
@requires(P.ACT_FOR_MEMBERS)
def step(request, member_id: int, exchange_id: int, step: str):
    member = member_or_404(member_id)
    if step not in STEPS_FOR:
        raise Http404
    form = STEPS[step][0](request.POST, auto_id=f"id_%s_{exchange_id}")
    if form.is_valid():
        try:
            STEPS_FOR[step](request.member.id, member.id, exchange_id, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Done for %(name)s.") % {"name": member.display_name})
            return redirect(f"{reverse('staff:act', args=[member.id])}#exchange-{exchange_id}")
    return act_page(request, member, failed=Refused(form, exchange_id=exchange_id, step=step))
