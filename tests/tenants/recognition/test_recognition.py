"""Milestones, honours, and statistics that agree with the ledger to the minute."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from sharepool.tenants.activities.services import (
    do_award_activity,
    do_check_in,
    do_create_activity,
    do_sign_up,
)
from sharepool.tenants.ledger.errors import LedgerError
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.services import do_reverse_transfer
from sharepool.tenants.ledger.verify import violations_in_current_schema
from sharepool.tenants.members.models import Member
from sharepool.tenants.recognition.models import Recognition
from sharepool.tenants.recognition.services import do_grant_member_number_milestones, recognitions
from sharepool.tenants.stats.services import community_stats, honours
from sharepool.tenants.timebank.models import Category
from sharepool.tenants.timebank.services import (
    do_accept_exchange,
    do_complete_exchange,
    do_confirm_exchange,
    do_post_offer,
    do_propose_exchange,
)
from tests.tenants.cast import add_member, category, credit_line, during, give


def serve(provider, recipient, minutes, key, category_code="plumbing-electrics"):
    offer = do_post_offer(actor_id=provider.id, category_id=category(category_code).id, title="服务")
    exchange = do_propose_exchange(actor_id=recipient.id, offer_id=offer.id)
    do_accept_exchange(actor_id=provider.id, exchange_id=exchange.id)
    do_complete_exchange(actor_id=provider.id, exchange_id=exchange.id, minutes=minutes)
    return do_confirm_exchange(actor_id=recipient.id, exchange_id=exchange.id, idempotency_key=key)


def activity(world, minutes, attendees, key, code="childcare-tutoring"):
    # Started ten minutes ago, so that its award (five minutes after the start) is already in the past
    # when a test reads the period up to now.
    start = timezone.now() - timedelta(minutes=10)
    created = do_create_activity(
        actor_id=world.cast.coordinator.id,
        title="四点半课堂",
        category_id=category(code).id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="社区党群服务中心",
        capacity=50,
        minutes_credited=minutes,
    )
    for member in attendees:
        do_sign_up(actor_id=member.id, activity_id=created.id, now=start - timedelta(minutes=1))
        do_check_in(
            actor_id=world.cast.coordinator.id,
            activity_id=created.id,
            now=during(created),
            member_id=member.id,
        )
    return do_award_activity(
        actor_id=world.cast.coordinator.id, activity_id=created.id, now=during(created), idempotency_key=key
    )


def test_hours_served_milestones_are_granted_once_at_10_hours(world):
    # given: Bob serves 9 hours, then 1 more, then 2 more
    alice, bob = world.cast.alice, world.cast.bob
    give(alice, 12 * 60)
    serve(bob, alice, 9 * 60, "a")
    none_yet = Recognition.objects.count()

    # when
    serve(bob, alice, 60, "b")
    serve(bob, alice, 120, "c")

    # then
    assert none_yet == 0
    assert list(recognitions(member_id=bob.id).values_list("kind", "threshold")) == [("hours_served", 10)]
    assert world.minle_untouched()


def test_activity_awards_count_towards_hours_served(world):
    # given / when: ten 4:30 classroom afternoons of one hour
    carol = world.cast.carol
    for day in range(10):
        activity(world, 60, [carol], f"day-{day}")

    # then
    assert list(recognitions(member_id=carol.id).values_list("threshold", flat=True)) == [10]


def test_the_1000th_member_is_recognised(world):
    # given: member numbers up to 1000 (bulk, like an imported paper register)
    Member.objects.filter(id=world.cast.office.id).update(member_number=1000)

    # when
    granted = do_grant_member_number_milestones(now=timezone.now())
    again = do_grant_member_number_milestones(now=timezone.now())

    # then
    assert [(r.kind, r.threshold, r.member_id) for r in granted] == [
        ("member_number", 1000, world.cast.office.id)
    ]
    assert again == []


def test_the_honours_list_ranks_who_served_most_in_the_period(world):
    # given
    alice, bob, carol = world.cast.alice, world.cast.bob, world.cast.carol
    give(alice, 600)
    serve(bob, alice, 90, "a")
    serve(carol, alice, 30, "b")
    activity(world, 120, [carol], "c")
    now = timezone.now()

    # when
    this_month = honours(start=now - timedelta(days=30), end=now + timedelta(seconds=1))
    last_year = honours(start=now - timedelta(days=400), end=now - timedelta(days=300))

    # then
    assert [(h.rank, h.member_id, h.minutes) for h in this_month] == [(1, carol.id, 150), (2, bob.id, 90)]
    assert last_year == []


def test_statistics_agree_with_the_ledger_after_a_randomised_run(world):
    # given: 12 more members with no credit line (so that some cannot pay), random exchanges,
    # activities, refusals and one reversal
    rng = random.Random(4)
    people = [add_member(f"居民{i}") for i in range(12)]
    people.append(add_member("红星幼儿园", role=Member.Role.COLLECTIVE, kind=Member.Kind.COLLECTIVE))
    for person in people:
        credit_line(person, 0)
    for person in people[:6]:
        give(person, rng.randint(60, 600))
    codes = list(Category.objects.values_list("code", flat=True))
    confirmed = []
    for n in range(25):
        provider, recipient = rng.sample(people, 2)
        try:
            confirmed.append(serve(provider, recipient, rng.randint(15, 180), f"x{n}", rng.choice(codes)))
        except LedgerError:
            pass  # the recipient could not pay: stays completed, counts nowhere
    for n in range(3):
        activity(world, rng.choice([60, 120, 180]), rng.sample(people, 4), f"act{n}", rng.choice(codes))
    reversible = next(
        e for e in confirmed if Account.objects.get(member_id=e.provider_id).balance >= e.minutes
    )
    do_reverse_transfer(
        actor_id=world.cast.worker.id,
        transfer_id=reversible.transfer_id,
        reason="误录",
        idempotency_key="rev",
    )

    # when
    stats = community_stats(now=timezone.now())

    # then: every figure recomputed from the transfers themselves
    live = Transfer.objects.filter(reversal__isnull=True)
    assert stats.minutes_served_exchanges == live.filter(kind="exchange").aggregate(s=Sum("amount"))["s"]
    assert (
        stats.minutes_served_activities == live.filter(kind="activity_award").aggregate(s=Sum("amount"))["s"]
    )
    assert stats.minutes_served == stats.minutes_served_exchanges + stats.minutes_served_activities
    member_balances = Account.objects.filter(kind="member").values_list("balance", flat=True)
    assert stats.minutes_in_circulation == sum(b for b in member_balances if b > 0)
    assert stats.minutes_in_circulation == -Account.objects.get(kind="community_pool").balance
    assert stats.members == Member.objects.filter(status="active").count() == 7 + 13
    assert stats.members_by_kind == {"individual": 18, "collective": 2}
    assert sum(stats.members_by_month_joined.values()) == 20
    assert stats.population == 72_000 == connection.tenant.population
    assert stats.participation_rate == Decimal("0.0003")  # 20 / 72,000
    assert sum(c.minutes for c in stats.top_categories) <= stats.minutes_served
    assert stats.top_categories == sorted(stats.top_categories, key=lambda c: -c.minutes)
    assert 0 < stats.active_members_90_days <= stats.members
    assert violations_in_current_schema("beizhan") == []
    assert world.minle_untouched()
