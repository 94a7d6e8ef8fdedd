"""The exchange workflow (LEDGER.md "Exchanges"): every step, every event, every refusal."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.ledger.errors import ActorError, ActorErrorCode, LedgerError, LedgerErrorCode
from sharepool.tenants.ledger.verify import violations_in_current_schema
from sharepool.tenants.members.models import Member
from sharepool.tenants.timebank.errors import TimebankError, TimebankErrorCode
from sharepool.tenants.timebank.models import Exchange, ExchangeEvent
from sharepool.tenants.timebank.services import (
    Decision,
    do_accept_exchange,
    do_auto_confirm_exchanges,
    do_cancel_exchange,
    do_complete_exchange,
    do_confirm_exchange,
    do_dispute_exchange,
    do_post_offer,
    do_post_request,
    do_propose_exchange,
    do_resolve_dispute,
)
from tests.tenants.cast import add_member, balance, category, credit_line, give, tenant_state


def offer_by(member, title="修水管"):
    return do_post_offer(actor_id=member.id, category_id=category().id, title=title)


def completed_exchange(provider, recipient, minutes=90):
    """The provider offers, the recipient proposes, the provider accepts and records the minutes."""
    offer = offer_by(provider)
    exchange = do_propose_exchange(actor_id=recipient.id, offer_id=offer.id)
    do_accept_exchange(actor_id=provider.id, exchange_id=exchange.id)
    return do_complete_exchange(actor_id=provider.id, exchange_id=exchange.id, minutes=minutes)


def test_an_exchange_from_an_offer_runs_to_confirmation_and_pays_the_provider(world):
    # given: Bob the plumber offers, Alice has earned 2 hours
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 120)
    offer = offer_by(bob)

    # when
    exchange = do_propose_exchange(actor_id=alice.id, offer_id=offer.id, note="厨房下水道堵了")
    do_accept_exchange(actor_id=bob.id, exchange_id=exchange.id)
    do_complete_exchange(actor_id=bob.id, exchange_id=exchange.id, minutes=90)
    confirmed = do_confirm_exchange(actor_id=alice.id, exchange_id=exchange.id, idempotency_key="c-1")

    # then
    assert (confirmed.state, confirmed.minutes) == ("confirmed", 90)
    assert (confirmed.provider_id, confirmed.recipient_id) == (bob.id, alice.id)
    assert (balance(alice), balance(bob)) == (30, 90)
    assert confirmed.transfer.amount == 90 and confirmed.transfer.kind == "exchange"
    events = list(
        ExchangeEvent.objects.filter(exchange=exchange).values_list("from_state", "to_state", "actor_id")
    )
    assert events == [
        ("", "requested", alice.id),
        ("requested", "accepted", bob.id),
        ("accepted", "completed", bob.id),
        ("completed", "confirmed", alice.id),
    ]
    assert all(e.at is not None for e in ExchangeEvent.objects.filter(exchange=exchange))
    assert violations_in_current_schema("beizhan") == []
    assert world.minle_untouched()


def test_an_exchange_from_a_request_makes_the_proposer_the_provider(world):
    # given: the property office asks for help; Carol answers
    office, carol = world.cast.office, world.cast.carol
    give(office, 600)
    request = do_post_request(
        actor_id=office.id, category_id=category("digital-help").id, title="教老人用手机"
    )

    # when
    exchange = do_propose_exchange(actor_id=carol.id, request_id=request.id)
    do_accept_exchange(actor_id=office.id, exchange_id=exchange.id)
    do_complete_exchange(actor_id=carol.id, exchange_id=exchange.id, minutes=120)
    do_confirm_exchange(actor_id=office.id, exchange_id=exchange.id, idempotency_key="c")

    # then: a collective member is the recipient
    assert (balance(office), balance(carol)) == (480, 120)


def test_a_worker_acting_for_a_member_is_recorded_as_on_behalf_of(world):
    # given: Alice has no smartphone; the community worker confirms for her
    alice, bob, worker = world.cast.alice, world.cast.bob, world.cast.worker
    give(alice, 60)
    exchange = completed_exchange(bob, alice, minutes=60)

    # when
    do_confirm_exchange(
        actor_id=worker.id, on_behalf_of_id=alice.id, exchange_id=exchange.id, idempotency_key="k"
    )

    # then
    event = ExchangeEvent.objects.get(exchange=exchange, to_state="confirmed")
    assert (event.actor_id, event.on_behalf_of_id) == (worker.id, alice.id)
    assert balance(bob) == 60


def test_only_community_workers_act_for_someone_else(world):
    # given
    give(world.cast.alice, 60)
    exchange = completed_exchange(world.cast.bob, world.cast.alice, minutes=60)
    before = tenant_state()

    # when
    with pytest.raises(ActorError) as refused:
        do_confirm_exchange(
            actor_id=world.cast.carol.id,
            on_behalf_of_id=world.cast.alice.id,
            exchange_id=exchange.id,
            idempotency_key="k",
        )

    # then
    assert refused.value.code == ActorErrorCode.NOT_PERMITTED
    assert tenant_state() == before


def test_a_confirmation_replayed_with_its_key_changes_nothing(world):
    # given
    give(world.cast.alice, 60)
    exchange = completed_exchange(world.cast.bob, world.cast.alice, minutes=60)
    do_confirm_exchange(actor_id=world.cast.alice.id, exchange_id=exchange.id, idempotency_key="k")
    before = tenant_state()

    # when
    again = do_confirm_exchange(actor_id=world.cast.alice.id, exchange_id=exchange.id, idempotency_key="k")
    with pytest.raises(TimebankError) as other_key:
        do_confirm_exchange(actor_id=world.cast.alice.id, exchange_id=exchange.id, idempotency_key="other")

    # then
    assert again.state == "confirmed"
    assert other_key.value.code == TimebankErrorCode.WRONG_STATE
    assert tenant_state() == before


def test_confirming_without_enough_hours_is_refused_and_the_exchange_stays_completed(world):
    # given: Alice has 30 minutes and no credit line, the service took 90
    give(world.cast.alice, 30)
    exchange = completed_exchange(world.cast.bob, world.cast.alice, minutes=90)
    credit_line(world.cast.alice, 0)
    before = tenant_state()

    # when
    with pytest.raises(LedgerError) as refused:
        do_confirm_exchange(actor_id=world.cast.alice.id, exchange_id=exchange.id, idempotency_key="k")

    # then
    assert refused.value.code == LedgerErrorCode.INSUFFICIENT_BALANCE
    assert tenant_state() == before
    assert Exchange.objects.get(id=exchange.id).state == "completed"


def test_an_exchange_with_oneself_is_refused(world):
    # given
    offer = offer_by(world.cast.bob)
    before = tenant_state()

    # when
    with pytest.raises(TimebankError) as refused:
        do_propose_exchange(actor_id=world.cast.bob.id, offer_id=offer.id)

    # then
    assert refused.value.code == TimebankErrorCode.SELF_EXCHANGE
    assert tenant_state() == before


def test_an_expired_offer_cannot_be_answered(world):
    # given: posted 61 days ago; the community lets listings live 60 days
    offer = do_post_offer(
        actor_id=world.cast.bob.id,
        category_id=category().id,
        title="修水管",
        now=timezone.now() - timedelta(days=61),
    )
    before = tenant_state()

    # when
    with pytest.raises(TimebankError) as refused:
        do_propose_exchange(actor_id=world.cast.alice.id, offer_id=offer.id)

    # then
    assert refused.value.code == TimebankErrorCode.LISTING_EXPIRED
    assert tenant_state() == before


def test_a_member_of_another_community_is_not_found_here(world):
    # given: a Minle member whose id Beizhan does not have, and an offer in Beizhan
    offer = offer_by(world.cast.bob)
    highest_here = Member.objects.order_by("-id").first().id
    with schema_context(world.minle_schema):
        with connection.cursor() as cursor:  # ids are per schema: make Minle's next one unknown here
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('members_member', 'id'), %s)", [highest_here + 1]
            )
        stranger = add_member("外社区居民")
        world.minle_before = tenant_state()
    assert not Member.objects.filter(id=stranger.id).exists()
    before = tenant_state()

    # when
    with pytest.raises(ActorError) as refused:
        do_propose_exchange(actor_id=stranger.id, offer_id=offer.id)

    # then
    assert refused.value.code == ActorErrorCode.MEMBER_NOT_FOUND
    assert tenant_state() == before
    assert world.minle_untouched()


def test_an_offer_of_another_community_is_not_found_here(world):
    # given: an offer in Minle with an id Beizhan does not have
    with schema_context(world.minle_schema):
        minle_offer = offer_by(world.minle.bob)
        world.minle_before = tenant_state()
    before = tenant_state()

    # when
    with pytest.raises(TimebankError) as refused:
        do_propose_exchange(actor_id=world.cast.alice.id, offer_id=minle_offer.id)

    # then
    assert refused.value.code == TimebankErrorCode.OFFER_NOT_FOUND
    assert tenant_state() == before
    assert world.minle_untouched()


@pytest.mark.parametrize(
    ("step", "who", "code"),
    [
        ("accept", "alice", TimebankErrorCode.WRONG_ACTOR),  # the proposer cannot accept their own proposal
        ("accept", "carol", TimebankErrorCode.WRONG_ACTOR),  # a stranger to the exchange
        ("complete", "alice", TimebankErrorCode.WRONG_ACTOR),  # only the provider records minutes
        ("complete", "bob", TimebankErrorCode.WRONG_STATE),  # not accepted yet
        ("confirm", "bob", TimebankErrorCode.WRONG_ACTOR),  # the provider cannot confirm his own pay
        ("confirm", "alice", TimebankErrorCode.WRONG_STATE),  # nothing completed yet
        ("dispute", "alice", TimebankErrorCode.WRONG_STATE),
        ("cancel", "carol", TimebankErrorCode.WRONG_ACTOR),
    ],
)
def test_a_step_by_the_wrong_member_or_in_the_wrong_state_is_refused(world, step, who, code):
    # given: Alice proposed on Bob's offer; nothing else yet
    give(world.cast.alice, 120)
    exchange = do_propose_exchange(actor_id=world.cast.alice.id, offer_id=offer_by(world.cast.bob).id)
    actor = getattr(world.cast, who).id
    before = tenant_state()
    steps = {
        "accept": lambda: do_accept_exchange(actor_id=actor, exchange_id=exchange.id),
        "complete": lambda: do_complete_exchange(actor_id=actor, exchange_id=exchange.id, minutes=60),
        "confirm": lambda: do_confirm_exchange(actor_id=actor, exchange_id=exchange.id, idempotency_key="k"),
        "dispute": lambda: do_dispute_exchange(actor_id=actor, exchange_id=exchange.id, reason="?"),
        "cancel": lambda: do_cancel_exchange(actor_id=actor, exchange_id=exchange.id),
    }

    # when
    with pytest.raises(TimebankError) as refused:
        steps[step]()

    # then
    assert refused.value.code == code
    assert tenant_state() == before


@pytest.mark.parametrize("minutes", [0, -30, 12 * 60 + 1])
def test_implausible_minutes_are_refused(world, minutes):
    # given
    exchange = do_propose_exchange(actor_id=world.cast.alice.id, offer_id=offer_by(world.cast.bob).id)
    do_accept_exchange(actor_id=world.cast.bob.id, exchange_id=exchange.id)
    before = tenant_state()

    # when
    with pytest.raises(TimebankError) as refused:
        do_complete_exchange(actor_id=world.cast.bob.id, exchange_id=exchange.id, minutes=minutes)

    # then
    assert refused.value.code == TimebankErrorCode.MINUTES_INVALID
    assert tenant_state() == before


def test_a_completed_exchange_cannot_be_cancelled(world):
    # given
    exchange = completed_exchange(world.cast.bob, world.cast.alice)
    before = tenant_state()

    # when
    with pytest.raises(TimebankError) as refused:
        do_cancel_exchange(actor_id=world.cast.alice.id, exchange_id=exchange.id)

    # then
    assert refused.value.code == TimebankErrorCode.WRONG_STATE
    assert tenant_state() == before


@pytest.mark.parametrize(
    ("decision", "minutes", "state", "paid"),
    [
        (Decision.CONFIRM, None, "confirmed", 90),
        (Decision.ADJUST, 45, "confirmed", 45),
        (Decision.CANCEL, None, "cancelled", 0),
    ],
)
def test_a_worker_resolves_a_dispute(world, decision, minutes, state, paid):
    # given: Bob recorded 90 minutes; Alice says it was 45
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 120)
    exchange = completed_exchange(bob, alice, minutes=90)
    do_dispute_exchange(actor_id=alice.id, exchange_id=exchange.id, reason="只有45分钟")

    # when
    resolved = do_resolve_dispute(
        actor_id=world.cast.worker.id,
        exchange_id=exchange.id,
        decision=decision,
        minutes=minutes,
        idempotency_key="r",
    )

    # then
    assert resolved.state == state
    assert (balance(alice), balance(bob)) == (120 - paid, paid)
    last = ExchangeEvent.objects.filter(exchange=exchange).last()
    assert (last.from_state, last.to_state, last.actor_id) == ("disputed", state, world.cast.worker.id)
    assert violations_in_current_schema("beizhan") == []


def test_only_community_workers_resolve_disputes(world):
    # given
    give(world.cast.alice, 120)
    exchange = completed_exchange(world.cast.bob, world.cast.alice, minutes=90)
    do_dispute_exchange(actor_id=world.cast.alice.id, exchange_id=exchange.id, reason="?")
    before = tenant_state()

    # when
    with pytest.raises(ActorError) as refused:
        do_resolve_dispute(
            actor_id=world.cast.bob.id,
            exchange_id=exchange.id,
            decision=Decision.CONFIRM,
            idempotency_key="r",
        )

    # then
    assert refused.value.code == ActorErrorCode.NOT_PERMITTED
    assert tenant_state() == before


def test_completed_exchanges_are_auto_confirmed_after_the_community_set_days(world):
    # given: one completed 8 days ago (due: 7 days), one yesterday, one due but its recipient cannot pay
    alice, bob, carol = world.cast.alice, world.cast.bob, world.cast.carol
    give(alice, 200)
    now = timezone.now()
    due = completed_exchange(bob, alice, minutes=60)
    recent = completed_exchange(carol, alice, minutes=30)
    unpaid = completed_exchange(alice, carol, minutes=45)
    credit_line(carol, 0)  # carol has no hours and, now, no line
    Exchange.objects.filter(id__in=[due.id, unpaid.id]).update(completed_at=now - timedelta(days=8))
    Exchange.objects.filter(id=recent.id).update(completed_at=now - timedelta(days=1))

    # when: the scheduler runs twice
    first = do_auto_confirm_exchanges(now=now)
    second = do_auto_confirm_exchanges(now=now)

    # then
    assert first == {"confirmed": 1, "skipped": 1}
    assert second == {"confirmed": 0, "skipped": 1}
    states = dict(Exchange.objects.values_list("id", "state"))
    assert (states[due.id], states[recent.id], states[unpaid.id]) == ("confirmed", "completed", "completed")
    assert ExchangeEvent.objects.get(exchange=due, to_state="confirmed").actor_id is None
    assert (balance(alice), balance(bob)) == (140, 60)
    assert violations_in_current_schema("beizhan") == []
    assert world.minle_untouched()
