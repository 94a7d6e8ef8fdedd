"""Offers, requests and the exchange workflow (LEDGER.md "Exchanges", issue 4).

Every state change locks the exchange row, checks who may make it, writes an `ExchangeEvent` (actor,
on whose behalf, when) in the same transaction; confirmation posts the recipient -> provider transfer.
"""

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Field, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.retry import atomic_with_retries
from sharepool.core.rows import row_by_id
from sharepool.core.text import check_model_texts, check_text
from sharepool.tenants.audit.services import CommunityAuditAction as Action
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.ledger.actors import Acting, load_acting, load_active_member, require_permission
from sharepool.tenants.ledger.errors import LedgerError
from sharepool.tenants.ledger.idempotency import Operation, run_once
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.services import Posting, check_can_pay, member_account_ids, post_transfers
from sharepool.tenants.members.models import CommunitySettings, Member
from sharepool.tenants.members.permissions import CommunityPermission, has_permission
from sharepool.tenants.notifications.announcements import (
    announce_exchange_confirmed,
    announce_exchange_disputed,
    announce_exchange_proposed,
)
from sharepool.tenants.recognition.services import grant_hours_milestones
from sharepool.tenants.timebank.errors import TimebankError, TimebankErrorCode
from sharepool.tenants.timebank.models import (
    Category,
    CollectiveContact,
    Exchange,
    ExchangeEvent,
    MemberSkill,
    Offer,
    ServiceRequest,
)

# One exchange records at most a long day's work; more is a typo or a dispute.
MAX_EXCHANGE_MINUTES = 12 * 60
EXCHANGE = Exchange._meta.db_table
EVENT = ExchangeEvent._meta.db_table
State = Exchange.State


# ---------------------------------------------------------------------------------------------
# Members' time-bank profile


def load_category(category_id: int) -> Category:
    category = Category.objects.filter(id=category_id, active=True).first()
    if category is None:
        raise TimebankError(TimebankErrorCode.CATEGORY_NOT_FOUND, _("No such category."), field="categoryId")
    return category


@transaction.atomic
def do_set_member_skills(
    *, actor_id: int, category_ids: list[int], on_behalf_of_id: int | None = None
) -> list[MemberSkill]:
    acting = load_acting(actor_id, on_behalf_of_id)
    categories = [load_category(c) for c in sorted(set(category_ids))]
    MemberSkill.objects.filter(member=acting.party).exclude(category__in=categories).delete()
    for category in categories:
        MemberSkill.objects.get_or_create(member=acting.party, category=category)
    return list(MemberSkill.objects.filter(member=acting.party).select_related("category"))


@transaction.atomic
def do_add_collective_contact(
    *, actor_id: int, name: str, phone: str = "", role: str = "", on_behalf_of_id: int | None = None
) -> CollectiveContact:
    acting = load_acting(actor_id, on_behalf_of_id)
    if acting.party.kind != Member.Kind.COLLECTIVE:
        raise TimebankError(TimebankErrorCode.NOT_COLLECTIVE, _("Only a collective member names contacts."))
    if not name.strip():
        raise TimebankError(TimebankErrorCode.TITLE_REQUIRED, _("Give the contact's name."), field="name")
    check_model_texts(CollectiveContact, name=name.strip(), phone=phone.strip(), role=role.strip())
    return CollectiveContact.objects.create(
        member=acting.party, name=name.strip(), phone=phone.strip(), role=role.strip()
    )


# ---------------------------------------------------------------------------------------------
# Offers and requests


def listing_expiry(now: datetime) -> datetime:
    return now + timedelta(days=CommunitySettings.load().listing_expiry_days)


def post_listing(model, *, actor_id, category_id, title, description, on_behalf_of_id, now):
    acting = load_acting(actor_id, on_behalf_of_id)
    category = load_category(category_id)
    if not title.strip():
        raise TimebankError(TimebankErrorCode.TITLE_REQUIRED, _("Give a title."), field="title")
    check_text(title, field="title")  # longer titles are cut to the column
    check_model_texts(model, description=description)
    now = now or timezone.now()
    return model.objects.create(
        member=acting.party,
        category=category,
        title=title.strip()[:120],
        description=description.strip(),
        expires_at=listing_expiry(now),
    )


@transaction.atomic
def do_post_offer(
    *,
    actor_id: int,
    category_id: int,
    title: str,
    description: str = "",
    on_behalf_of_id: int | None = None,
    now: datetime | None = None,
) -> Offer:
    return post_listing(
        Offer,
        actor_id=actor_id,
        category_id=category_id,
        title=title,
        description=description,
        on_behalf_of_id=on_behalf_of_id,
        now=now,
    )


@transaction.atomic
def do_post_request(
    *,
    actor_id: int,
    category_id: int,
    title: str,
    description: str = "",
    on_behalf_of_id: int | None = None,
    now: datetime | None = None,
) -> ServiceRequest:
    return post_listing(
        ServiceRequest,
        actor_id=actor_id,
        category_id=category_id,
        title=title,
        description=description,
        on_behalf_of_id=on_behalf_of_id,
        now=now,
    )


def close_listing(model, not_found_code, *, actor_id, listing_id, on_behalf_of_id):
    acting = load_acting(actor_id, on_behalf_of_id)
    listing = model.objects.select_for_update().filter(id=listing_id).first()
    if listing is None:
        raise TimebankError(not_found_code, _("No such listing."), field="id")
    if listing.member_id != acting.party.id and not has_permission(
        acting.actor, CommunityPermission.CLOSE_ANY_LISTING
    ):
        raise TimebankError(
            TimebankErrorCode.WRONG_ACTOR, _("Only its author or a community worker closes it.")
        )
    if listing.status != model.Status.OPEN:
        raise TimebankError(TimebankErrorCode.LISTING_NOT_OPEN, _("This listing is no longer open."))
    listing.status, listing.closed_at = model.Status.CLOSED, timezone.now()
    listing.save(update_fields=["status", "closed_at"])
    return listing


@transaction.atomic
def do_close_offer(*, actor_id: int, offer_id: int, on_behalf_of_id: int | None = None) -> Offer:
    return close_listing(
        Offer,
        TimebankErrorCode.OFFER_NOT_FOUND,
        actor_id=actor_id,
        listing_id=offer_id,
        on_behalf_of_id=on_behalf_of_id,
    )


@transaction.atomic
def do_close_request(*, actor_id: int, request_id: int, on_behalf_of_id: int | None = None) -> ServiceRequest:
    return close_listing(
        ServiceRequest,
        TimebankErrorCode.REQUEST_NOT_FOUND,
        actor_id=actor_id,
        listing_id=request_id,
        on_behalf_of_id=on_behalf_of_id,
    )


@transaction.atomic
def do_expire_listings(*, now: datetime) -> int:
    """Close every open offer and request past its expiry (the scheduler calls this). Returns how many."""
    expired = 0
    for model in (Offer, ServiceRequest):
        expired += model.objects.filter(status=model.Status.OPEN, expires_at__lte=now).update(
            status=model.Status.EXPIRED, closed_at=now
        )
    return expired


def edit_listing(
    model, not_found_code, *, actor_id, listing_id, category_id, title, description, on_behalf_of_id
):
    acting = load_acting(actor_id, on_behalf_of_id)
    listing = model.objects.select_for_update().filter(id=listing_id).first()
    if listing is None:
        raise TimebankError(not_found_code, _("No such listing."), field="id")
    # Whoever may close any listing may also correct it (the same community workers).
    if listing.member_id != acting.party.id and not has_permission(
        acting.actor, CommunityPermission.CLOSE_ANY_LISTING
    ):
        raise TimebankError(
            TimebankErrorCode.WRONG_ACTOR, _("Only its author or a community worker edits it.")
        )
    if listing.status != model.Status.OPEN:
        raise TimebankError(TimebankErrorCode.LISTING_NOT_OPEN, _("This listing is no longer open."))
    category = load_category(category_id)
    if not title.strip():
        raise TimebankError(TimebankErrorCode.TITLE_REQUIRED, _("Give a title."), field="title")
    check_text(title, field="title")
    check_model_texts(model, description=description)
    listing.category, listing.title, listing.description = category, title.strip()[:120], description.strip()
    listing.save(update_fields=["category", "title", "description"])
    return listing


@transaction.atomic
def do_edit_offer(
    *,
    actor_id: int,
    offer_id: int,
    category_id: int,
    title: str,
    description: str = "",
    on_behalf_of_id: int | None = None,
) -> Offer:
    """Its author (or a community worker) rewrites an open offer; its exchanges keep what they were."""
    return edit_listing(
        Offer,
        TimebankErrorCode.OFFER_NOT_FOUND,
        actor_id=actor_id,
        listing_id=offer_id,
        category_id=category_id,
        title=title,
        description=description,
        on_behalf_of_id=on_behalf_of_id,
    )


@transaction.atomic
def do_edit_request(
    *,
    actor_id: int,
    request_id: int,
    category_id: int,
    title: str,
    description: str = "",
    on_behalf_of_id: int | None = None,
) -> ServiceRequest:
    return edit_listing(
        ServiceRequest,
        TimebankErrorCode.REQUEST_NOT_FOUND,
        actor_id=actor_id,
        listing_id=request_id,
        category_id=category_id,
        title=title,
        description=description,
        on_behalf_of_id=on_behalf_of_id,
    )


def search_listings(
    model,
    *,
    category_id: int | None = None,
    text: str = "",
    status: str | None = None,
    building: str = "",
):
    check_text(text, field="text")
    check_text(building, field="building")
    listings = model.objects.select_related("member__building", "category").order_by("-created_at", "-id")
    if category_id is not None:
        listings = listings.filter(category_id=category_id)
    if building.strip():
        listings = listings.filter(member__building__name=building.strip())
    if text.strip():
        listings = listings.filter(Q(title__icontains=text.strip()) | Q(description__icontains=text.strip()))
    if status:
        listings = listings.filter(status=status)
    return listings


@dataclass(frozen=True)
class ListingFilterChoices:
    """What the browse page's filters offer (web/timebank/views.py)."""

    categories: list[tuple[int, str]]  # the active categories as (id, name), in their order
    buildings: list[str]  # the buildings of the members with open listings of this kind, by name


# The statement's first column: which of the two lists a row belongs to.
_CATEGORY, _BUILDING = 0, 1


def listing_filter_choices(model) -> ListingFilterChoices:
    """Both filters' choices, in one statement: every /offers/ and /requests/ page shows them (issue 12)."""
    with connection.cursor() as cursor:
        cursor.execute(_listing_filter_choices_statement(model), [model.Status.OPEN])
        rows = cursor.fetchall()
    return ListingFilterChoices(
        categories=[(category_id, name) for part, _position, category_id, name in rows if part == _CATEGORY],
        buildings=[name for part, _position, _id, name in rows if part == _BUILDING],
    )


@functools.cache
def _listing_filter_choices_statement(model) -> str:
    """Written once as SQL: the ORM's DISTINCT over two joins, and the categories' query, cost more to
    build on every request than the list's own statement. Categories in their order (Category.Meta), then
    each building once, by name. The tables are the models' own."""
    quote = connection.ops.quote_name
    building = Member._meta.get_field("building").related_model
    assert not isinstance(building, str), building  # resolved once the apps are loaded
    return (
        f"SELECT {_CATEGORY} AS part, c.position, c.id, c.name FROM {quote(Category._meta.db_table)} c "  # noqa: S608 (table names, no input)
        "WHERE c.active "
        f"UNION ALL SELECT DISTINCT {_BUILDING}, 0, 0, b.name FROM {quote(model._meta.db_table)} l "
        f"JOIN {quote(Member._meta.db_table)} m ON m.id = l.member_id "
        f"JOIN {quote(building._meta.db_table)} b ON b.id = m.building_id "
        "WHERE l.status = %s "
        "ORDER BY part, position, id, name"
    )


def offers(**filters):
    return search_listings(Offer, **filters)


def service_requests(**filters):
    return search_listings(ServiceRequest, **filters)


# ---------------------------------------------------------------------------------------------
# Exchanges


def record_event(exchange: Exchange, from_state: str, acting: Acting | None, *, now, note="") -> None:
    # A plain INSERT: every step of every exchange writes one, and ExchangeEvent.objects.create() cost
    # 2.5 times the statement's client CPU (220 vs 88 us; issue 4's benchmark).
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {EVENT} (exchange_id, from_state, to_state, actor_id, on_behalf_of_id, minutes, note, at)"  # noqa: S608
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                exchange.id,
                from_state,
                exchange.state,
                acting.actor.id if acting else None,
                acting.party.id if acting and acting.on_behalf else None,
                exchange.minutes,
                note[:500],
                now,
            ],
        )


def open_listing(model, listing_id: int, not_found: TimebankErrorCode, now: datetime):
    listing = model.objects.filter(id=listing_id).first()
    if listing is None:
        raise TimebankError(not_found, _("No such listing."), field="listingId")
    if listing.status == model.Status.EXPIRED or listing.expires_at <= now:
        raise TimebankError(TimebankErrorCode.LISTING_EXPIRED, _("This listing has expired."))
    if listing.status != model.Status.OPEN:
        raise TimebankError(TimebankErrorCode.LISTING_NOT_OPEN, _("This listing is no longer open."))
    return listing


@transaction.atomic
def do_propose_exchange(
    *,
    actor_id: int,
    offer_id: int | None = None,
    request_id: int | None = None,
    note: str = "",
    on_behalf_of_id: int | None = None,
    now: datetime | None = None,
) -> Exchange:
    """Answer an offer (the party receives) or a request (the party provides)."""
    check_text(note, field="note")
    now = now or timezone.now()
    acting = load_acting(actor_id, on_behalf_of_id)
    if (offer_id is None) == (request_id is None):
        raise TimebankError(TimebankErrorCode.LISTING_REQUIRED, _("Answer exactly one offer or one request."))
    if offer_id is not None:
        listing = open_listing(Offer, offer_id, TimebankErrorCode.OFFER_NOT_FOUND, now)
        provider, recipient = listing.member, acting.party
    else:
        assert request_id is not None, "exactly one of the two was given (checked above)"
        listing = open_listing(ServiceRequest, request_id, TimebankErrorCode.REQUEST_NOT_FOUND, now)
        provider, recipient = acting.party, listing.member
    if provider.id == recipient.id:
        raise TimebankError(TimebankErrorCode.SELF_EXCHANGE, _("You cannot exchange with yourself."))
    load_active_member(listing.member_id, field="listingId")
    check_can_pay(recipient.id)
    exchange = Exchange.objects.create(
        offer_id=offer_id,
        request_id=request_id,
        provider=provider,
        recipient=recipient,
        proposed_by=acting.party,
        category_id=listing.category_id,
        note=note[:500],
    )
    record_event(exchange, "", acting, now=now, note=note)
    announce_exchange_proposed(exchange)
    return exchange


def exchanges_of(member_id: int):
    """A member's exchanges, as provider or recipient, newest first, with what a list shows."""
    return (
        Exchange.objects.filter(Q(provider_id=member_id) | Q(recipient_id=member_id))
        .select_related("provider", "recipient", "category", "offer", "request")
        .order_by("-created_at", "-id")
    )


def next_actor_id(exchange: Exchange) -> int | None:
    """Whose move it is: the side that did not propose accepts, the provider completes, the recipient
    confirms or disputes, a community worker resolves a dispute (None: nobody's, or a worker's)."""
    if exchange.state == State.REQUESTED:
        return (
            exchange.recipient_id if exchange.proposed_by_id == exchange.provider_id else exchange.provider_id
        )
    if exchange.state == State.ACCEPTED:
        return exchange.provider_id
    if exchange.state == State.COMPLETED:
        return exchange.recipient_id
    return None


def locked_exchange(exchange_id: int) -> Exchange:
    exchange = row_by_id(Exchange, exchange_id, for_update=True)
    if exchange is None:
        raise TimebankError(TimebankErrorCode.EXCHANGE_NOT_FOUND, _("No such exchange."), field="exchangeId")
    return exchange


def require_state(exchange: Exchange, *states: str) -> None:
    if exchange.state not in states:
        raise TimebankError(
            TimebankErrorCode.WRONG_STATE,
            _("This exchange is %(state)s; this step is not possible now.")
            % {"state": exchange.get_state_display()},
        )


def require_party(exchange: Exchange, acting: Acting, member_id: int | None) -> None:
    if acting.party.id != member_id:
        raise TimebankError(
            TimebankErrorCode.WRONG_ACTOR, _("This step belongs to the other side of the exchange.")
        )


def check_minutes(minutes: object) -> None:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not (0 < minutes <= MAX_EXCHANGE_MINUTES):
        raise TimebankError(
            TimebankErrorCode.MINUTES_INVALID,
            _("Record between 1 and %(max)d minutes.") % {"max": MAX_EXCHANGE_MINUTES},
            field="minutes",
        )


def transition(
    exchange: Exchange, to_state: str, acting: Acting | None, *, now, note="", fields=()
) -> Exchange:
    """Move the locked `exchange` to `to_state`, storing `fields` with it, and record the event."""
    from_state = exchange.state
    exchange.state = to_state
    # The names are Exchange's own columns, never a relation's reverse side.
    changed = [cast("Field[Any, Any]", Exchange._meta.get_field(name)) for name in ("state", *fields)]
    # A plain UPDATE of the named columns, as save(update_fields=...) would send: every step of every
    # exchange runs it, and save() cost three times the statement's client CPU (265 vs ~90 us).
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {EXCHANGE} SET {', '.join(f'{field.column} = %s' for field in changed)} WHERE id = %s",  # noqa: S608
            [field.get_db_prep_save(getattr(exchange, field.attname), connection) for field in changed]
            + [exchange.id],
        )
    record_event(exchange, from_state, acting, now=now, note=note)
    return exchange


@transaction.atomic
def do_accept_exchange(*, actor_id: int, exchange_id: int, on_behalf_of_id: int | None = None) -> Exchange:
    """The side that did not propose accepts."""
    acting = load_acting(actor_id, on_behalf_of_id)
    exchange = locked_exchange(exchange_id)
    require_state(exchange, State.REQUESTED)
    require_party(exchange, acting, next_actor_id(exchange))
    check_can_pay(exchange.recipient_id)  # their balance may have fallen since they proposed
    return transition(exchange, State.ACCEPTED, acting, now=timezone.now())


@transaction.atomic
def do_complete_exchange(
    *,
    actor_id: int,
    exchange_id: int,
    minutes: int,
    on_behalf_of_id: int | None = None,
    now: datetime | None = None,
) -> Exchange:
    """The provider records the minutes served."""
    acting = load_acting(actor_id, on_behalf_of_id)
    exchange = locked_exchange(exchange_id)
    require_party(exchange, acting, exchange.provider_id)
    require_state(exchange, State.ACCEPTED)
    check_minutes(minutes)
    exchange.minutes, exchange.completed_at = minutes, now or timezone.now()
    return transition(
        exchange, State.COMPLETED, acting, now=exchange.completed_at, fields=["minutes", "completed_at"]
    )


def pay_exchange(
    exchange: Exchange, acting: Acting | None, idempotency_key: str, *, now: datetime, note: str = ""
) -> Exchange:
    """Post recipient -> provider and mark the exchange confirmed, in the caller's transaction."""
    accounts = member_account_ids([exchange.recipient_id, exchange.provider_id])
    assert exchange.minutes is not None, "a completed or disputed exchange has its minutes recorded"
    posting = Posting(
        idempotency_key,
        debit_id=accounts[exchange.recipient_id],
        credit_id=accounts[exchange.provider_id],
        amount=exchange.minutes,
        kind=Transfer.Kind.EXCHANGE,
        memo=f"exchange #{exchange.id}",
    )
    [exchange.transfer] = post_transfers([posting], recorded_by_id=acting.actor.id if acting else None)
    exchange.confirmed_at = now
    transition(
        exchange, State.CONFIRMED, acting, now=now, note=note, fields=["transfer", "confirmed_at", "minutes"]
    )
    grant_hours_milestones(member_id=exchange.provider_id, now=now)
    announce_exchange_confirmed(exchange)
    return exchange


def exchange_result(exchange: Exchange) -> dict:
    return {"exchange": exchange.id}


def replayed_exchange(result: dict) -> Exchange:
    return Exchange.objects.select_related("transfer").get(id=result["exchange"])


@atomic_with_retries
def do_confirm_exchange(
    *, actor_id: int, exchange_id: int, idempotency_key: str, on_behalf_of_id: int | None = None
) -> Exchange:
    """The recipient confirms: the hours move. A replay with the same key returns the confirmed exchange."""

    def confirm() -> Exchange:
        acting = load_acting(actor_id, on_behalf_of_id)
        exchange = locked_exchange(exchange_id)
        require_party(exchange, acting, exchange.recipient_id)
        require_state(exchange, State.COMPLETED)
        exchange.recipient = acting.party  # loaded already; the provider's notification names them
        return pay_exchange(exchange, acting, idempotency_key, now=timezone.now())

    operation = Operation(
        "confirm_exchange", f"exchange:{exchange_id}", {"actor": actor_id, "on_behalf_of": on_behalf_of_id}
    )
    return run_once(idempotency_key, operation, confirm, result_of=exchange_result, replay=replayed_exchange)


@transaction.atomic
def do_dispute_exchange(
    *, actor_id: int, exchange_id: int, reason: str, on_behalf_of_id: int | None = None
) -> Exchange:
    """The recipient contests the recorded minutes; a community worker resolves it."""
    check_text(reason, field="reason")
    acting = load_acting(actor_id, on_behalf_of_id)
    exchange = locked_exchange(exchange_id)
    require_party(exchange, acting, exchange.recipient_id)
    require_state(exchange, State.COMPLETED)
    transition(exchange, State.DISPUTED, acting, now=timezone.now(), note=reason)
    announce_exchange_disputed(exchange)
    return exchange


class Decision:
    CONFIRM = "confirm"
    ADJUST = "adjust"
    CANCEL = "cancel"


@atomic_with_retries
def do_resolve_dispute(
    *,
    actor_id: int,
    exchange_id: int,
    decision: str,
    idempotency_key: str,
    minutes: int | None = None,
    note: str = "",
) -> Exchange:
    """A community worker confirms the recorded minutes, confirms other minutes, or cancels."""
    check_text(note, field="note")

    def resolve() -> Exchange:
        acting = load_acting(actor_id)
        require_permission(acting.actor, CommunityPermission.RESOLVE_DISPUTES)
        exchange = locked_exchange(exchange_id)
        require_state(exchange, State.DISPUTED)
        now = timezone.now()
        before = {"state": exchange.state, "minutes": exchange.minutes}
        if decision == Decision.CANCEL:
            resolved = transition(exchange, State.CANCELLED, acting, now=now, note=note)
        else:
            if decision == Decision.ADJUST:
                check_minutes(minutes)
                exchange.minutes = minutes
            elif decision != Decision.CONFIRM:
                raise TimebankError(
                    TimebankErrorCode.DECISION_INVALID,
                    _("Decide confirm, adjust or cancel."),
                    field="decision",
                )
            resolved = pay_exchange(exchange, acting, idempotency_key, now=now, note=note)
        record_audit(
            actor=acting.actor,
            action=Action.DISPUTE_RESOLVED,
            subject=resolved,
            before=before,
            after={"state": resolved.state, "minutes": resolved.minutes, "decision": decision, "note": note},
        )
        return resolved

    operation = Operation(
        "resolve_dispute",
        f"exchange:{exchange_id}",
        {"actor": actor_id, "decision": decision, "minutes": minutes, "note": note},
    )
    return run_once(idempotency_key, operation, resolve, result_of=exchange_result, replay=replayed_exchange)


@transaction.atomic
def do_cancel_exchange(
    *, actor_id: int, exchange_id: int, reason: str = "", on_behalf_of_id: int | None = None
) -> Exchange:
    """Either side, or a community worker, cancels before the service is completed."""
    check_text(reason, field="reason", max_length=ExchangeEvent._meta.get_field("note").max_length)
    acting = load_acting(actor_id, on_behalf_of_id)
    exchange = locked_exchange(exchange_id)
    if acting.party.id not in (exchange.provider_id, exchange.recipient_id) and not has_permission(
        acting.actor, CommunityPermission.CANCEL_ANY_EXCHANGE
    ):
        raise TimebankError(
            TimebankErrorCode.WRONG_ACTOR, _("Only the two sides or a community worker can cancel.")
        )
    require_state(exchange, State.REQUESTED, State.ACCEPTED)
    return transition(exchange, State.CANCELLED, acting, now=timezone.now(), note=reason)


def do_auto_confirm_exchanges(*, now: datetime) -> dict[str, int]:
    """Confirm exchanges completed longer ago than the community's set days (the scheduler calls this).

    Each exchange in its own transaction, keyed by its id so that a rerun or a concurrent run posts once;
    one whose recipient cannot pay stays completed for a worker to look at, and is counted as skipped.
    """
    cutoff = now - timedelta(days=CommunitySettings.load().auto_confirm_days)
    due = Exchange.objects.filter(state=State.COMPLETED, completed_at__lte=cutoff).order_by("id")
    confirmed = skipped = 0
    for exchange_id in due.values_list("id", flat=True):
        try:
            if auto_confirm(exchange_id, cutoff=cutoff, now=now):
                confirmed += 1
        except LedgerError:
            skipped += 1
    return {"confirmed": confirmed, "skipped": skipped}


@atomic_with_retries
def auto_confirm(exchange_id: int, *, cutoff: datetime, now: datetime) -> bool:
    exchange = locked_exchange(exchange_id)
    if exchange.state != State.COMPLETED:
        return False  # confirmed or disputed meanwhile
    assert exchange.completed_at is not None, "a completed exchange has its completion time"
    if exchange.completed_at > cutoff:
        return False
    pay_exchange(exchange, None, f"auto-confirm:exchange:{exchange.id}", now=now, note="auto-confirmed")
    return True


# ---------------------------------------------------------------------------------------------
# Reading: whose turn it is


def exchanges_awaiting(member_id: int):
    """The exchanges whose next step is this member's, oldest first: to accept (proposed by the other
    side), to complete (as provider), to confirm (as recipient). The workflow's rules, in one query."""
    return (
        Exchange.objects.filter(
            (
                Q(state=State.REQUESTED)
                & ((Q(provider_id=member_id) | Q(recipient_id=member_id)) & ~Q(proposed_by_id=member_id))
            )
            | Q(state=State.ACCEPTED, provider_id=member_id)
            | Q(state=State.COMPLETED, recipient_id=member_id)
        )
        .select_related("provider", "recipient", "category")
        .order_by("created_at", "id")
    )
