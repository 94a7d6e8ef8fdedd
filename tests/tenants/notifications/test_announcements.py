"""Members hear about what concerns them: a proposal, a confirmation, a dispute, a milestone (issue 6)."""

from django_tenants.utils import schema_context

from sharepool.tenants.activities.services import do_award_activity
from sharepool.tenants.admission.services import do_approve_member
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.timebank.services import (
    do_accept_exchange,
    do_complete_exchange,
    do_confirm_exchange,
    do_dispute_exchange,
    do_post_offer,
    do_propose_exchange,
)
from tests.tenants.cast import category, give


def told(member) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(member=member).order_by("id").values_list("kind", "body"))


def completed_exchange(provider, recipient, minutes):
    offer = do_post_offer(actor_id=provider.id, category_id=category().id, title="修水管")
    exchange = do_propose_exchange(actor_id=recipient.id, offer_id=offer.id)
    do_accept_exchange(actor_id=provider.id, exchange_id=exchange.id)
    return do_complete_exchange(actor_id=provider.id, exchange_id=exchange.id, minutes=minutes)


def test_the_provider_hears_of_a_proposal_and_then_of_the_confirmation(world):
    # given
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 120)
    offer = do_post_offer(actor_id=bob.id, category_id=category().id, title="修水管")

    # when: Alice proposes, Bob does the work, Alice confirms (twice: a replay)
    exchange = do_propose_exchange(actor_id=alice.id, offer_id=offer.id)
    do_accept_exchange(actor_id=bob.id, exchange_id=exchange.id)
    do_complete_exchange(actor_id=bob.id, exchange_id=exchange.id, minutes=90)
    do_confirm_exchange(actor_id=alice.id, exchange_id=exchange.id, idempotency_key="confirm-1")
    do_confirm_exchange(actor_id=alice.id, exchange_id=exchange.id, idempotency_key="confirm-1")

    # then: Bob was told twice, once each; Alice (who acted) was not told of her own acts
    assert told(bob) == [
        ("exchange_proposed", "张阿姨向你发起了服务交换，请接受或让它过期。"),
        ("exchange_confirmed", "张阿姨确认了你 1.5 小时的服务，积分已记入你的账户。"),
    ]
    assert told(alice) == []
    assert world.minle_untouched()
    with schema_context(world.minle_schema):
        assert Notification.objects.count() == 0


def test_the_provider_hears_of_a_dispute(world):
    # given
    alice, bob = world.cast.alice, world.cast.bob
    exchange = completed_exchange(bob, alice, minutes=120)

    # when
    do_dispute_exchange(actor_id=alice.id, exchange_id=exchange.id, reason="只用了一小时")

    # then
    assert told(bob)[-1] == ("exchange_disputed", "张阿姨对你记录的 2 小时提出了异议，社区工作者会处理。")


def test_ten_hours_served_is_a_milestone_the_member_hears_of(world):
    # given: Bob has served 9 hours
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 600)
    first = completed_exchange(bob, alice, minutes=540)
    do_confirm_exchange(actor_id=alice.id, exchange_id=first.id, idempotency_key="first")

    # when: one more hour
    second = completed_exchange(bob, alice, minutes=60)
    do_confirm_exchange(actor_id=alice.id, exchange_id=second.id, idempotency_key="second")

    # then
    milestones = [body for kind, body in told(bob) if kind == "milestone_reached"]
    assert milestones == ["你已为邻居服务 10 小时，谢谢你！"]


def test_an_applicant_hears_of_the_approval(world):
    # given: 李华 applied
    from tests.web.staff.conftest import applicant

    lihua = applicant("李华")

    # when: the worker approves her
    approved = do_approve_member(actor=world.cast.worker, member_id=lihua.id)

    # then
    assert told(lihua) == [
        ("application_approved", f"欢迎！你的入会申请已通过，会员号 {approved.member_number}。")
    ]
    assert world.minle_untouched()


def test_attendees_hear_that_their_hours_arrived_once(world):
    # given: Alice and Bob checked in to the 4:30 classroom
    from tests.tenants.recognition.test_recognition import activity

    alice, bob = world.cast.alice, world.cast.bob

    # when: it is awarded (by the helper), then awarded again
    [first, _second] = activity(world, 120, [alice, bob], key="award-1")
    do_award_activity(
        actor_id=world.cast.coordinator.id, activity_id=first.activity_id, idempotency_key="award-2"
    )

    # then: each told once; the coordinator, who awarded, told nothing
    assert told(alice) == told(bob) == [("hours_awarded", "「四点半课堂」的 2 小时已记入你的账户。谢谢！")]
    assert told(world.cast.coordinator) == []
    with schema_context(world.minle_schema):
        assert Notification.objects.count() == 0
