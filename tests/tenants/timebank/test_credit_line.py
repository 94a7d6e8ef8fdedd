"""The default credit line and the payer's check at every step of an exchange (issue 10).

Time banks commonly let a new member go a few hours negative, so a newcomer can ask for help before
having served: a community's default line is 5 hours. The side who pays (the recipient) must be able to
pay when the exchange is proposed and when it is accepted, as well as at confirmation, and is refused
with the same code each time, with nothing written.
"""

import pytest

from sharepool.tenants.ledger.errors import LedgerError, LedgerErrorCode
from sharepool.tenants.ledger.services import default_credit_limit, do_set_credit_limit
from sharepool.tenants.members.models import CommunitySettings
from sharepool.tenants.timebank.models import Exchange
from sharepool.tenants.timebank.services import (
    do_accept_exchange,
    do_complete_exchange,
    do_confirm_exchange,
    do_post_offer,
    do_post_request,
    do_propose_exchange,
)
from tests.tenants.cast import add_member, balance, category, give, tenant_state


def offer_by(member, title="修水管"):
    return do_post_offer(actor_id=member.id, category_id=category().id, title=title)


def test_a_new_member_may_go_five_hours_negative_by_default(world):
    # given: a newcomer with no hours at all
    newcomer, bob = add_member("新居民"), world.cast.bob
    offer = offer_by(bob)

    # when: the newcomer asks Bob for two hours and confirms them
    exchange = do_propose_exchange(actor_id=newcomer.id, offer_id=offer.id)
    do_accept_exchange(actor_id=bob.id, exchange_id=exchange.id)
    do_complete_exchange(actor_id=bob.id, exchange_id=exchange.id, minutes=120)
    do_confirm_exchange(actor_id=newcomer.id, exchange_id=exchange.id, idempotency_key="c")

    # then
    assert CommunitySettings.load().default_credit_limit_minutes == default_credit_limit() == 300
    assert (balance(newcomer), balance(bob)) == (-120, 120)
    assert world.minle_untouched()


def test_the_line_still_bounds_a_confirmation(world):
    # given: Alice has spent most of her line; Bob records more than is left
    alice, bob = world.cast.alice, world.cast.bob
    exchange = do_propose_exchange(actor_id=alice.id, offer_id=offer_by(bob).id)
    do_accept_exchange(actor_id=bob.id, exchange_id=exchange.id)
    do_complete_exchange(actor_id=bob.id, exchange_id=exchange.id, minutes=301)
    before = tenant_state()

    # when
    with pytest.raises(LedgerError) as refused:
        do_confirm_exchange(actor_id=alice.id, exchange_id=exchange.id, idempotency_key="c")

    # then
    assert refused.value.code == LedgerErrorCode.INSUFFICIENT_BALANCE
    assert tenant_state() == before


def test_a_payer_who_cannot_pay_is_refused_when_proposing(world):
    # given: the community worker set Alice's line to 0 and she has no hours
    alice, bob = world.cast.alice, world.cast.bob
    do_set_credit_limit(actor_id=world.cast.admin.id, member_id=alice.id, minutes=0)
    offer = offer_by(bob)
    request = do_post_request(actor_id=alice.id, category_id=category().id, title="求助：修水管")
    before = tenant_state()

    # when: she asks for Bob's service, and Bob answers her request
    with pytest.raises(LedgerError) as asking:
        do_propose_exchange(actor_id=alice.id, offer_id=offer.id)
    with pytest.raises(LedgerError) as answering:
        do_propose_exchange(actor_id=bob.id, request_id=request.id)

    # then: refused as a confirmation would be, nothing written
    assert asking.value.code == answering.value.code == LedgerErrorCode.INSUFFICIENT_BALANCE
    assert tenant_state() == before
    assert world.minle_untouched()


def test_a_payer_who_can_no_longer_pay_is_refused_when_accepting(world):
    # given: Bob answered Alice's request while she could pay; then her line was withdrawn
    alice, bob, carol = world.cast.alice, world.cast.bob, world.cast.carol
    request = do_post_request(actor_id=alice.id, category_id=category().id, title="求助：修水管")
    answered = do_propose_exchange(actor_id=bob.id, request_id=request.id)
    asked = do_propose_exchange(actor_id=alice.id, offer_id=offer_by(carol).id)
    do_set_credit_limit(actor_id=world.cast.admin.id, member_id=alice.id, minutes=0)
    before = tenant_state()

    # when: Alice accepts Bob's answer; Carol accepts Alice's proposal
    with pytest.raises(LedgerError) as alice_accepts:
        do_accept_exchange(actor_id=alice.id, exchange_id=answered.id)
    with pytest.raises(LedgerError) as carol_accepts:
        do_accept_exchange(actor_id=carol.id, exchange_id=asked.id)

    # then
    assert alice_accepts.value.code == carol_accepts.value.code == LedgerErrorCode.INSUFFICIENT_BALANCE
    assert tenant_state() == before
    assert set(Exchange.objects.values_list("state", flat=True)) == {"requested"}

    # and with an hour earned she can accept again
    give(alice, 60)
    assert do_accept_exchange(actor_id=alice.id, exchange_id=answered.id).state == "accepted"
    assert world.minle_untouched()
