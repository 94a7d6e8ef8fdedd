"""Hours earned in a federation project, credited by the host community (LEDGER.md; issue 5).

The host's own residents are credited from its `community_pool`. A resident of another community is
credited through clearing accounts: while both schemas share one database, both halves are written in one
transaction: the host community debits its pool and credits `clearing:<home>`; the home community debits
`clearing:<host>` and credits the resident. Invariant 5 then holds by construction: the two clearing
accounts mirror each other. The public side calls this through `sharepool.gateways.federation_credit`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_tenants.utils import schema_context

from sharepool.core.retry import atomic_with_retries
from sharepool.gateways.communities import CommunityRef, community_by_slug
from sharepool.tenants.ledger.actors import load_active_member
from sharepool.tenants.ledger.errors import LedgerError, LedgerErrorCode
from sharepool.tenants.ledger.idempotency import Operation, run_once
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.services import (
    Posting,
    community_pool,
    member_account_id,
    member_account_ids,
    post_transfers,
)
from sharepool.tenants.notifications.announcements import (
    announce_hours_awarded,
    announce_hours_from_another_community,
)


@dataclass(frozen=True)
class FederationCredit:
    host_transfer_id: str
    home_transfer_id: str


@dataclass(frozen=True)
class ResidentCredit:
    """One resident credited for a project activity, as plain data for the public side."""

    community_slug: str
    member_id: int
    minutes: int
    through_clearing: bool


def clearing_account_id(partner_slug: str) -> int:
    Account.objects.bulk_create(
        [Account(kind=Account.Kind.CLEARING, partner=partner_slug)], ignore_conflicts=True
    )
    return Account.objects.get(kind=Account.Kind.CLEARING, partner=partner_slug).id


def serving_community(slug: str) -> CommunityRef:
    community = community_by_slug(slug)
    if community is None or not community.serving:
        raise LedgerError(LedgerErrorCode.PARTNER_INVALID, _("No such partner community."), field="community")
    return community


@atomic_with_retries
def do_credit_across_communities(
    *,
    host_slug: str,
    home_slug: str,
    member_id: int,
    minutes: int,
    idempotency_key: str,
    memo: str = "",
    title: str = "",
) -> FederationCredit:
    """Credit a resident of `home_slug` (member_id there) for minutes served in `host_slug`; `title`
    (what they served in) is what the resident is told."""
    if host_slug == home_slug:
        raise LedgerError(LedgerErrorCode.PARTNER_INVALID, _("Host and home must differ."), field="community")
    host, home = serving_community(host_slug), serving_community(home_slug)
    # Both schemas in the same order every time, like the rows: no deadlock between opposite credits.
    with schema_context(home.schema_name):
        load_active_member(member_id)

    def host_half() -> Posting:
        return Posting(
            idempotency_key,
            debit_id=community_pool().id,
            credit_id=clearing_account_id(home.slug),
            amount=minutes,
            kind=Transfer.Kind.FEDERATION,
            memo=memo,
        )

    def home_half() -> Posting:
        return Posting(
            idempotency_key,
            debit_id=clearing_account_id(host.slug),
            credit_id=member_account_id(member_id),
            amount=minutes,
            kind=Transfer.Kind.FEDERATION,
            memo=memo,
        )

    def credit() -> FederationCredit:
        # The two schemas in one fixed order, like rows in ascending id: credits in opposite directions
        # would otherwise each hold one community's clearing row while waiting for the other's.
        halves = {host.schema_name: host_half, home.schema_name: home_half}
        posted = {}
        for schema_name in sorted(halves):
            with schema_context(schema_name):
                [posted[schema_name]] = post_transfers([halves[schema_name]()])
                if schema_name == home.schema_name:
                    announce_hours_from_another_community(
                        member_id=member_id,
                        minutes=minutes,
                        host_name=host.name,
                        title=title or memo,
                        key=idempotency_key,
                    )
        return FederationCredit(str(posted[host.schema_name].id), str(posted[home.schema_name].id))

    # The key belongs to the host, which pays; its own schema remembers it (issue 10).
    operation = Operation(
        "credit_across_communities",
        f"{home.slug}:member:{member_id}",
        {"host": host.slug, "minutes": minutes, "memo": memo},
    )
    with schema_context(host.schema_name):
        return run_once(
            idempotency_key,
            operation,
            credit,
            result_of=lambda credited: {"host": credited.host_transfer_id, "home": credited.home_transfer_id},
            replay=lambda result: FederationCredit(result["host"], result["home"]),
        )


@atomic_with_retries
def do_credit_attendees(
    *,
    host_slug: str,
    attendees: dict[str, list[int]],
    minutes: int,
    key_prefix: str,
    memo: str,
    title: str = "",
) -> list[ResidentCredit]:
    """Credit every attendee (member ids by home community slug) with `minutes`, paid by the host.

    Each idempotency key is `<key_prefix>:<home slug>:<member id>`: crediting again, or a replay, pays
    nobody twice. All of it happens in one transaction: a failure in any schema leaves every schema as it was.
    """
    host = community_by_slug(host_slug)
    if host is None:
        raise LedgerError(LedgerErrorCode.PARTNER_INVALID, _("No such partner community."), field="community")
    credits: list[ResidentCredit] = []
    own = attendees.get(host.slug, [])
    if own:
        with schema_context(host.schema_name):
            for member_id in own:
                load_active_member(member_id)
            pool, accounts = community_pool().id, member_account_ids(own)
            post_transfers(
                [
                    Posting(
                        f"{key_prefix}:{host.slug}:{member_id}",
                        debit_id=pool,
                        credit_id=accounts[member_id],
                        amount=minutes,
                        kind=Transfer.Kind.ACTIVITY_AWARD,
                        memo=memo,
                    )
                    for member_id in own
                ]
            )
            for member_id in own:
                announce_hours_awarded(
                    member_id=member_id,
                    minutes=minutes,
                    title=title or memo,
                    key=f"{key_prefix}:{host.slug}:{member_id}",
                )
        credits += [ResidentCredit(host.slug, member_id, minutes, False) for member_id in own]
    for home_slug, member_ids in attendees.items():
        if home_slug == host.slug:
            continue
        for member_id in member_ids:
            do_credit_across_communities(
                host_slug=host.slug,
                home_slug=home_slug,
                member_id=member_id,
                minutes=minutes,
                idempotency_key=f"{key_prefix}:{home_slug}:{member_id}",
                memo=memo,
                title=title,
            )
            credits.append(ResidentCredit(home_slug, member_id, minutes, True))
    return credits
