"""Every operation that moves hours, as a case of one idempotency test matrix (issue 10).

Each case seeds what it needs in Beizhan (and Minle, for the cross-community credit) and gives:
`call(key)`, the operation itself; `changed(key)`, the same key used with another target or other
parameters; `answer(result)`, what a client sees of the result, to compare a replay with the first call.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.services import (
    do_award_activity,
    do_check_in,
    do_create_activity,
    do_sign_up,
)
from sharepool.tenants.ledger.federation import do_credit_across_communities
from sharepool.tenants.ledger.services import do_adjust_balance, do_reverse_transfer
from sharepool.tenants.members.models import Member
from sharepool.tenants.timebank.services import (
    Decision,
    do_accept_exchange,
    do_complete_exchange,
    do_confirm_exchange,
    do_dispute_exchange,
    do_post_offer,
    do_propose_exchange,
    do_resolve_dispute,
)
from tests.tenants.cast import add_member, category, during, give


@dataclass
class Case:
    call: Callable
    changed: Callable
    answer: Callable
    moves: int = 1  # transfers one call posts in the host community


def completed_exchange(provider: Member, recipient: Member, minutes: int = 60):
    offer = do_post_offer(actor_id=provider.id, category_id=category().id, title="修水管")
    exchange = do_propose_exchange(actor_id=recipient.id, offer_id=offer.id)
    do_accept_exchange(actor_id=provider.id, exchange_id=exchange.id)
    return do_complete_exchange(actor_id=provider.id, exchange_id=exchange.id, minutes=minutes)


def disputed_exchange(provider: Member, recipient: Member, minutes: int = 60):
    exchange = completed_exchange(provider, recipient, minutes)
    return do_dispute_exchange(actor_id=recipient.id, exchange_id=exchange.id, reason="只有45分钟")


def exchange_answer(exchange) -> tuple:
    return (exchange.id, exchange.state, exchange.minutes, exchange.transfer_id)


def confirm_exchange(cast, minle_schema) -> Case:
    # Two exchanges between the same two members for the same minutes: the key of A used on B is a
    # reused key, although the transfer it would post looks the same (issue 10's internal_error).
    give(cast.alice, 120)
    a, b = completed_exchange(cast.bob, cast.alice), completed_exchange(cast.bob, cast.alice)
    return Case(
        call=lambda key: do_confirm_exchange(actor_id=cast.alice.id, exchange_id=a.id, idempotency_key=key),
        changed=lambda key: do_confirm_exchange(
            actor_id=cast.alice.id, exchange_id=b.id, idempotency_key=key
        ),
        answer=exchange_answer,
    )


def resolve_dispute(decision: str, changed_to: dict):
    def case(cast, minle_schema) -> Case:
        give(cast.alice, 120)
        exchange = disputed_exchange(cast.bob, cast.alice, minutes=90)
        first = {"decision": decision, "minutes": 45 if decision == Decision.ADJUST else None}

        def resolve(key, **parameters):
            return do_resolve_dispute(
                actor_id=cast.worker.id, exchange_id=exchange.id, idempotency_key=key, **parameters
            )

        return Case(
            call=lambda key: resolve(key, **first),
            changed=lambda key: resolve(key, **{**first, **changed_to}),
            answer=exchange_answer,
            moves=0 if decision == Decision.CANCEL else 1,
        )

    return case


def adjust_balance(cast, minle_schema) -> Case:
    def adjust(key, amount):
        return do_adjust_balance(
            actor_id=cast.admin.id, member_id=cast.alice.id, amount=amount, reason="补录", idempotency_key=key
        )

    return Case(call=lambda key: adjust(key, 60), changed=lambda key: adjust(key, 90), answer=lambda t: t.id)


def reverse_transfer(cast, minle_schema) -> Case:
    first, second = give(cast.alice, 60), give(cast.bob, 60)

    def reverse(key, transfer):
        return do_reverse_transfer(
            actor_id=cast.worker.id, transfer_id=transfer.id, reason="记错", idempotency_key=key
        )

    return Case(
        call=lambda key: reverse(key, first), changed=lambda key: reverse(key, second), answer=lambda t: t.id
    )


def attended_activity(cast, attendees):
    start = timezone.now() - timedelta(minutes=30)
    activity = do_create_activity(
        actor_id=cast.coordinator.id,
        title="四点半课堂",
        category_id=category("childcare-tutoring").id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="社区党群服务中心",
        capacity=10,
        minutes_credited=120,
    )
    before_start = start - timedelta(minutes=10)
    for member in attendees:
        do_sign_up(actor_id=member.id, activity_id=activity.id, now=before_start)
        do_check_in(
            actor_id=cast.coordinator.id,
            activity_id=activity.id,
            member_id=member.id,
            now=before_start,
        )
    return activity


def award_activity(cast, minle_schema) -> Case:
    first, second = attended_activity(cast, [cast.alice, cast.bob]), attended_activity(cast, [cast.carol])

    def award(key, activity):
        return do_award_activity(
            actor_id=cast.coordinator.id, activity_id=activity.id, now=during(activity), idempotency_key=key
        )

    return Case(
        call=lambda key: award(key, first),
        changed=lambda key: award(key, second),
        answer=lambda awards: [(a.id, a.member_id, a.minutes, a.transfer_id) for a in awards],
        moves=2,
    )


def credit_across_communities(cast, minle_schema) -> Case:
    with schema_context(minle_schema):
        resident = add_member("民乐学生")
    host = connection.tenant.slug

    def credit(key, minutes):
        return do_credit_across_communities(
            host_slug=host, home_slug="minle", member_id=resident.id, minutes=minutes, idempotency_key=key
        )

    return Case(call=lambda key: credit(key, 120), changed=lambda key: credit(key, 60), answer=lambda c: c)


HOUR_OPERATIONS = {
    "confirm_exchange": confirm_exchange,
    "resolve_dispute_confirm": resolve_dispute(
        Decision.CONFIRM, {"decision": Decision.ADJUST, "minutes": 45}
    ),
    "resolve_dispute_adjust": resolve_dispute(Decision.ADJUST, {"minutes": 60}),
    "resolve_dispute_cancel": resolve_dispute(Decision.CANCEL, {"decision": Decision.CONFIRM}),
    "adjust_balance": adjust_balance,
    "reverse_transfer": reverse_transfer,
    "award_activity": award_activity,
    "credit_across_communities": credit_across_communities,
}
