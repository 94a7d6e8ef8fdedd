"""The people of a community in the time-bank tests, and snapshots to show that nothing changed.

Members are made with the Member model directly (the members app's registration is another issue's);
the ledger opens their accounts on first use, as it does in production.
"""

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.platform.communities.models import Community
from sharepool.tenants.activities.models import ActivityAward, SignUp
from sharepool.tenants.ledger.models import Account, OperationKey, Transfer
from sharepool.tenants.ledger.services import (
    community_pool,
    do_transfer,
    member_account_id,
    member_account_ids,
)
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.services import do_lock_member_numbers, next_member_number
from sharepool.tenants.recognition.models import Recognition
from sharepool.tenants.timebank.models import Category, Exchange, ExchangeEvent, Offer, ServiceRequest

_usernames = itertools.count(1)


@transaction.atomic
def add_member(name: str, *, role: str = Member.Role.RESIDENT, kind: str = Member.Kind.INDIVIDUAL) -> Member:
    user = get_user_model().objects.create(username=f"{connection.schema_name}-{next(_usernames)}")
    do_lock_member_numbers()
    return Member.objects.create(
        user=user,
        display_name=name,
        role=role,
        kind=kind,
        status=Member.Status.ACTIVE,
        member_number=next_member_number(),
        approved_at=timezone.now(),
    )


@dataclass
class Cast:
    admin: Member
    worker: Member
    coordinator: Member
    alice: Member
    bob: Member
    carol: Member
    office: Member  # a collective member: the property-management office


def seed_cast() -> Cast:
    """In the current schema: the onboarding admin and six more members, with their accounts open."""
    cast = Cast(
        admin=Member.objects.get(role=Member.Role.ADMIN),
        worker=add_member("王社工", role=Member.Role.WORKER),
        coordinator=add_member("李老师", role=Member.Role.COORDINATOR),
        alice=add_member("张阿姨"),
        bob=add_member("刘师傅"),
        carol=add_member("陈同学"),
        office=add_member("物业服务中心", role=Member.Role.COLLECTIVE, kind=Member.Kind.COLLECTIVE),
    )
    member_account_ids([m.id for m in vars(cast).values()])
    return cast


def give(member: Member, minutes: int) -> Transfer:
    """A welcome credit from the community pool, so that a member has hours to spend."""
    return do_transfer(
        idempotency_key=f"welcome:{member.id}:{minutes}:{next(_usernames)}",
        debit_account_id=community_pool().id,
        credit_account_id=member_account_id(member.id),
        amount=minutes,
        kind=Transfer.Kind.WELCOME,
    )


def credit_line(member: Member, minutes: int) -> None:
    """Set the member's own credit line (as a worker would in the ledger tools), for tests of its bound:
    the community default lets every member go 5 hours negative."""
    Account.objects.filter(id=member_account_id(member.id)).update(
        credit_limit=minutes, credit_limit_overridden=True
    )


def balance(member: Member) -> int:
    return Account.objects.get(id=member_account_id(member.id)).balance


def during(activity) -> datetime:
    """A moment while the activity is under way: check-in is open and its hours may be awarded."""
    return activity.starts_at + timedelta(minutes=5)


def category(code: str = "plumbing-electrics") -> Category:
    return Category.objects.get(code=code)


def tenant_state() -> dict:
    """Everything the time bank can change in the current schema, for "nothing changed" assertions."""
    return {
        "balances": dict(Account.objects.values_list("id", "balance")),
        "transfers": sorted(map(str, Transfer.objects.values_list("id", flat=True))),
        "exchanges": dict(Exchange.objects.values_list("id", "state")),
        "exchange_minutes": dict(Exchange.objects.values_list("id", "minutes")),
        "events": ExchangeEvent.objects.count(),
        "offers": dict(Offer.objects.values_list("id", "status")),
        "requests": dict(ServiceRequest.objects.values_list("id", "status")),
        "sign_ups": dict(SignUp.objects.values_list("id", "status")),
        "check_ins": SignUp.objects.exclude(checked_in_at=None).count(),
        "awards": ActivityAward.objects.count(),
        "recognitions": Recognition.objects.count(),
        "operation_keys": sorted(OperationKey.objects.values_list("key", "fingerprint")),
    }


@dataclass
class World:
    """Beizhan (the schema the test runs in) and Minle, seeded alike, to show nothing leaks between them."""

    cast: Cast
    minle: Cast
    minle_schema: str
    minle_before: dict

    def minle_untouched(self) -> bool:
        with schema_context(self.minle_schema):
            return tenant_state() == self.minle_before


def seed_world(beizhan, minle) -> World:
    with schema_context(minle.schema_name):
        minle_cast = seed_cast()
        give(minle_cast.alice, 600)
        minle_before = tenant_state()
    # As the host middleware does: the tenant is the public Community row.
    connection.set_tenant(Community.objects.get(schema_name=beizhan.schema_name))
    return World(
        cast=seed_cast(), minle=minle_cast, minle_schema=minle.schema_name, minle_before=minle_before
    )
