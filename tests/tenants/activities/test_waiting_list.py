"""The waiting-list position and whose move an exchange waits for, as the pages show them (issue 12)."""

from datetime import timedelta

from django.utils import timezone

from sharepool.tenants.activities.services import (
    coordinates,
    do_cancel_sign_up,
    do_create_activity,
    do_sign_up,
    sign_ups_of,
    waiting_position,
)
from sharepool.tenants.timebank.services import (
    do_accept_exchange,
    do_complete_exchange,
    do_post_offer,
    do_propose_exchange,
    next_actor_id,
)
from tests.tenants.cast import category


def test_waiting_positions_follow_the_order_of_sign_up_and_move_up(world):
    # given one place and three residents
    cast = world.cast
    starts = timezone.now() + timedelta(days=1)
    activity = do_create_activity(
        actor_id=cast.coordinator.id,
        title="四点半课堂",
        category_id=category("childcare-tutoring").id,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="社区活动室",
        capacity=1,
        minutes_credited=120,
    )
    for member in (cast.alice, cast.bob, cast.carol):
        do_sign_up(actor_id=member.id, activity_id=activity.id)

    def position(member):
        return waiting_position(sign_ups_of(member.id, [activity.id])[activity.id])

    # then
    assert [position(m) for m in (cast.alice, cast.bob, cast.carol)] == [None, 1, 2]

    # when the first waiting gives up
    do_cancel_sign_up(actor_id=cast.bob.id, activity_id=activity.id)

    # then
    assert position(cast.carol) == 1 and activity.id not in sign_ups_of(cast.bob.id, [activity.id])
    assert coordinates(activity, cast.coordinator) and coordinates(activity, cast.worker)
    assert not coordinates(activity, cast.alice)


def test_the_next_move_of_an_exchange_is_the_other_side_then_provider_then_recipient(world):
    cast = world.cast
    offer = do_post_offer(actor_id=cast.bob.id, category_id=category().id, title="修水管")
    exchange = do_propose_exchange(actor_id=cast.carol.id, offer_id=offer.id)
    assert next_actor_id(exchange) == cast.bob.id
    exchange = do_accept_exchange(actor_id=cast.bob.id, exchange_id=exchange.id)
    assert next_actor_id(exchange) == cast.bob.id
    exchange = do_complete_exchange(actor_id=cast.bob.id, exchange_id=exchange.id, minutes=60)
    assert next_actor_id(exchange) == cast.carol.id
