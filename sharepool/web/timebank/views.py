"""Offers, requests and exchanges (issue 12).

Each view reads through the domain, or checks its form and calls the one domain function the GraphQL
mutation calls (sharepool/graphql/community/timebank/mutations.py), then redirects. A DomainError is
shown on the form in the request's language and nothing is written: the domain function is atomic.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from sharepool.core.errors import DomainError
from sharepool.core.paging import CountingPaginator
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission, has_permission
from sharepool.tenants.members.services import mask_phone
from sharepool.tenants.timebank import services
from sharepool.tenants.timebank.models import Exchange, ExchangeEvent, MemberSkill, Offer, ServiceRequest
from sharepool.web.auth import member_required
from sharepool.web.errors import add_domain_error
from sharepool.web.fragments import shown_values
from sharepool.web.timebank.forms import (
    AcceptForm,
    CancelForm,
    CompleteForm,
    ConfirmForm,
    DisputeForm,
    ListingFilterForm,
    ListingForm,
    ProposeForm,
    category_choices,
)

PAGE_SIZE = 20


@dataclass(frozen=True)
class ListingKind:
    """What differs between offers and requests; the views are the same."""

    model: type[Offer] | type[ServiceRequest]
    name: str  # the url names' stem: "offer" or "request"
    id_argument: str  # the domain functions' keyword for the listing's id
    search: Callable
    post: Callable
    edit: Callable
    close: Callable
    plural: Promise
    singular: Promise
    propose_label: Promise


OFFERS = ListingKind(
    model=Offer,
    name="offer",
    id_argument="offer_id",
    search=services.offers,
    post=services.do_post_offer,
    edit=services.do_edit_offer,
    close=services.do_close_offer,
    plural=_("Offers"),
    singular=_("offer"),
    propose_label=_("Ask for this service"),
)
REQUESTS = ListingKind(
    model=ServiceRequest,
    name="request",
    id_argument="request_id",
    search=services.service_requests,
    post=services.do_post_request,
    edit=services.do_edit_request,
    close=services.do_close_request,
    plural=_("Requests"),
    singular=_("request"),
    propose_label=_("Offer to help"),
)


def listing_or_404(kind: ListingKind, listing_id: int):
    listing = kind.model.objects.select_related("member", "category").filter(id=listing_id).first()
    if listing is None:
        raise Http404
    return listing


def filters_key(filters: ListingFilterForm, choices: services.ListingFilterChoices) -> tuple:
    """Everything the filter form shows: its choices and what was asked, from which any error follows (the
    form's {% cache %} key in listing_list.html, with the language)."""
    return (choices.categories, choices.buildings, [filters.data.get(name) for name in filters.fields])


# What a listing's card shows (listing_list.html): the key of the cards rendered once, with the page's path and
# the language (web/fragments.shown_values).
CARD_SHOWS = ("id", "title", "category_name", "member_name", "building_name")
# The listing's own columns among them: the others (its description first) are neither read nor parsed.
CARD_COLUMNS = ("id", "title")


@member_required
def listing_list(request, kind: ListingKind):
    choices = services.listing_filter_choices(kind.model)
    filters = ListingFilterForm(request.GET, categories=choices.categories, buildings=choices.buildings)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    try:
        listings = kind.search(
            category_id=wanted.get("categoryId"),
            text=wanted.get("text", ""),
            building=wanted.get("building", ""),
            status=kind.model.Status.OPEN,
        )
    except DomainError as error:
        add_domain_error(filters, error)
        listings = kind.model.objects.none()
    # A card shows three names: read as values of the same statement, not as three models a row (issue 12).
    listings = (
        listings.select_related(None)
        .annotate(
            category_name=F("category__name"),
            member_name=F("member__display_name"),
            building_name=F("member__building__name"),
        )
        .only(*CARD_COLUMNS)
    )
    page = CountingPaginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "kind": kind,
        "filters": filters,
        "filters_key": filters_key(filters, choices),
        "page": page,
        "cards_key": shown_values(page.object_list, CARD_SHOWS),
    }
    return render(request, "web/timebank/listing_list.html", context)


def listing_page(request, kind: ListingKind, listing, propose_form=None, close_form=None):
    member = listing.member
    profile = {
        "name": member.display_name,
        "building": member.building.name if member.building_id else "",
        "phone": mask_phone(member.phone),  # public: masked even to workers on this page
        "since": member.approved_at,
        "skills": [
            skill.category.name
            for skill in MemberSkill.objects.filter(member=member).select_related("category")
        ],
    }
    mine = listing.member_id == request.member.id
    context = {
        "kind": kind,
        "listing": listing,
        "profile": profile,
        "mine": mine,
        "is_open": listing.status == kind.model.Status.OPEN,
        "propose_form": propose_form or ProposeForm(),
        "close_form": close_form or forms.Form(),
    }
    return render(request, "web/timebank/listing_detail.html", context)


@member_required
def listing_detail(request, kind: ListingKind, listing_id: int):
    return listing_page(request, kind, listing_or_404(kind, listing_id))


@member_required
def listing_new(request, kind: ListingKind):
    form = ListingForm(request.POST or None, categories=category_choices())
    if request.method == "POST" and form.is_valid():
        try:
            listing = kind.post(
                actor_id=request.member.id,
                category_id=form.cleaned_data["categoryId"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(f"web-timebank:{kind.name}", listing.id)
    return render(request, "web/timebank/listing_form.html", {"kind": kind, "form": form, "listing": None})


@member_required
def listing_edit(request, kind: ListingKind, listing_id: int):
    listing = listing_or_404(kind, listing_id)
    initial = {"categoryId": listing.category_id, "title": listing.title, "description": listing.description}
    form = ListingForm(request.POST or None, initial=initial, categories=category_choices())
    if request.method == "POST" and form.is_valid():
        try:
            kind.edit(
                actor_id=request.member.id,
                **{kind.id_argument: listing.id},
                category_id=form.cleaned_data["categoryId"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(f"web-timebank:{kind.name}", listing.id)
    return render(request, "web/timebank/listing_form.html", {"kind": kind, "form": form, "listing": listing})


@require_POST
@member_required
def listing_close(request, kind: ListingKind, listing_id: int):
    listing = listing_or_404(kind, listing_id)
    form = forms.Form(request.POST)
    form.is_valid()  # an empty form: bound and cleaned, so that a refusal can be added to it
    try:
        kind.close(actor_id=request.member.id, **{kind.id_argument: listing.id})
    except DomainError as error:
        add_domain_error(form, error)
        return listing_page(request, kind, listing, close_form=form)
    return redirect(f"web-timebank:{kind.name}", listing.id)


@require_POST
@member_required
def listing_propose(request, kind: ListingKind, listing_id: int):
    listing = listing_or_404(kind, listing_id)
    form = ProposeForm(request.POST)
    if form.is_valid():
        try:
            exchange = services.do_propose_exchange(
                actor_id=request.member.id, **{kind.id_argument: listing.id}, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("web-timebank:exchange", exchange.id)
    return listing_page(request, kind, listing, propose_form=form)


# ---------------------------------------------------------------------------------------------
# Exchanges


@member_required
def exchange_list(request):
    exchanges = services.exchanges_of(request.member.id)
    page = CountingPaginator(exchanges, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"exchange": exchange, "my_turn": services.next_actor_id(exchange) == request.member.id}
        for exchange in page.object_list
    ]
    return render(request, "web/timebank/exchange_list.html", {"page": page, "rows": rows})


def exchange_or_404(request, exchange_id: int) -> Exchange:
    """The two sides and community workers see an exchange; anybody else gets what a missing one gets."""
    exchange = (
        Exchange.objects.select_related(
            "provider", "recipient", "category", "offer", "request", "proposed_by"
        )
        .filter(id=exchange_id)
        .first()
    )
    if exchange is None:
        raise Http404
    member = request.member
    if member.id not in (exchange.provider_id, exchange.recipient_id) and (
        not has_permission(member, CommunityPermission.VIEW_PERSONAL_DATA)
    ):
        raise Http404
    return exchange


# step -> (its form, the domain call with the form's cleaned data)
STEPS = {
    "accept": (
        AcceptForm,
        lambda actor, exchange, data: services.do_accept_exchange(actor_id=actor, exchange_id=exchange),
    ),
    "complete": (
        CompleteForm,
        lambda actor, exchange, data: services.do_complete_exchange(
            actor_id=actor, exchange_id=exchange, minutes=data["minutes"]
        ),
    ),
    "confirm": (
        ConfirmForm,
        lambda actor, exchange, data: services.do_confirm_exchange(
            actor_id=actor, exchange_id=exchange, idempotency_key=data["idempotencyKey"]
        ),
    ),
    "dispute": (
        DisputeForm,
        lambda actor, exchange, data: services.do_dispute_exchange(
            actor_id=actor, exchange_id=exchange, reason=data["reason"]
        ),
    ),
    "cancel": (
        CancelForm,
        lambda actor, exchange, data: services.do_cancel_exchange(
            actor_id=actor, exchange_id=exchange, reason=data["reason"]
        ),
    ),
}


def steps_for(exchange: Exchange, member) -> list[str]:
    """The steps this member may take now, in the order the page shows them (the domain decides again)."""
    State = Exchange.State
    mine = member.id == services.next_actor_id(exchange)
    side = member.id in (exchange.provider_id, exchange.recipient_id)
    steps = []
    if exchange.state == State.REQUESTED and mine:
        steps.append("accept")
    if exchange.state == State.ACCEPTED and mine:
        steps.append("complete")
    if exchange.state == State.COMPLETED and mine:
        steps += ["confirm", "dispute"]
    if exchange.state in (State.REQUESTED, State.ACCEPTED) and side:
        steps.append("cancel")
    return steps


@dataclass(frozen=True)
class EventLine:
    """A step of the exchange's history as its page shows it, with the label of the state it reached."""

    from_state: str
    to_state: str
    label: str
    at: datetime
    actor: Member | None
    on_behalf_of: Member | None
    minutes: int | None
    note: str


def event_line(event: ExchangeEvent, labels: Mapping[str, Promise]) -> EventLine:
    return EventLine(
        from_state=event.from_state,
        to_state=event.to_state,
        label=str(labels.get(event.to_state, event.to_state)),
        at=event.at,
        actor=event.actor,
        on_behalf_of=event.on_behalf_of,
        minutes=event.minutes,
        note=event.note,
    )


def exchange_page(request, exchange: Exchange, failed: tuple[str, object] | None = None):
    labels = dict(Exchange.State.choices)
    events = [
        event_line(event, labels)
        for event in ExchangeEvent.objects.filter(exchange=exchange).select_related("actor", "on_behalf_of")
    ]
    next_id = services.next_actor_id(exchange)
    forms = {step: STEPS[step][0]() for step in steps_for(exchange, request.member)}
    if failed is not None:
        forms[failed[0]] = failed[1]
    context = {
        "exchange": exchange,
        "events": events,
        "forms": forms,
        "listing": exchange.offer or exchange.request,
        "listing_kind": OFFERS if exchange.offer_id else REQUESTS,
        "next": None
        if next_id is None
        else (exchange.provider if next_id == exchange.provider_id else exchange.recipient),
        "my_turn": next_id == request.member.id,
    }
    return render(request, "web/timebank/exchange_detail.html", context)


@member_required
def exchange_detail(request, exchange_id: int):
    return exchange_page(request, exchange_or_404(request, exchange_id))


@require_POST
@member_required
def exchange_step(request, exchange_id: int, step: str):
    exchange = exchange_or_404(request, exchange_id)
    if step not in STEPS:
        raise Http404
    form_class, perform = STEPS[step]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            perform(request.member.id, exchange.id, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(reverse("web-timebank:exchange", args=[exchange.id]) + "#timeline")
    return exchange_page(request, exchange, failed=(step, form))
