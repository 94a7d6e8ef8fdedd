"""The invariants of LEDGER.md, checked from the rows alone (`manage.py verify_ledger` and the tests).

Each check is one query that recomputes a figure the services maintain incrementally, so a bug in the
services (or a hand edit of the database) shows as a violation rather than being trusted.
"""

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django_tenants.utils import schema_context

from sharepool.gateways.communities import communities
from sharepool.tenants.ledger.models import Account, Transfer

ACCOUNT = Account._meta.db_table
TRANSFER = Transfer._meta.db_table


@dataclass(frozen=True)
class Violation:
    community: str
    invariant: int
    detail: str

    def __str__(self) -> str:
        return f"{self.community}: invariant {self.invariant}: {self.detail}"


@dataclass(frozen=True)
class CommunityLedger:
    slug: str
    schema_name: str


def rows(sql: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def violations_in_current_schema(slug: str) -> list[Violation]:
    found: list[Violation] = []
    [(total,)] = rows(f"SELECT coalesce(sum(balance), 0) FROM {ACCOUNT}")  # noqa: S608
    if total != 0:
        found.append(Violation(slug, 1, f"the balances sum to {total} minutes, not 0"))
    for account_id, kind, balance, computed in rows(
        f"""SELECT a.id, a.kind, a.balance, coalesce(c.total, 0) - coalesce(d.total, 0)
            FROM {ACCOUNT} a
            LEFT JOIN (SELECT credit_id, sum(amount) AS total FROM {TRANSFER} GROUP BY credit_id) c
                   ON c.credit_id = a.id
            LEFT JOIN (SELECT debit_id, sum(amount) AS total FROM {TRANSFER} GROUP BY debit_id) d
                   ON d.debit_id = a.id
            WHERE a.balance <> coalesce(c.total, 0) - coalesce(d.total, 0)
            ORDER BY a.id"""  # noqa: S608
    ):
        found.append(
            Violation(
                slug, 2, f"account {account_id} ({kind}) holds {balance} but its transfers sum to {computed}"
            )
        )
    for account_id, member_id, balance, limit in rows(
        f"SELECT id, member_id, balance, credit_limit FROM {ACCOUNT} "  # noqa: S608
        "WHERE kind = 'member' AND balance < -credit_limit ORDER BY id"
    ):
        found.append(
            Violation(slug, 3, f"account {account_id} of member {member_id} is at {balance}, below -{limit}")
        )
    for key, count in rows(
        f"SELECT idempotency_key, count(*) FROM {TRANSFER} GROUP BY idempotency_key HAVING count(*) > 1"  # noqa: S608
    ):
        found.append(Violation(slug, 4, f"idempotency key {key!r} appears {count} times"))
    for original, count in rows(
        f"SELECT reverses_id, count(*) FROM {TRANSFER} WHERE reverses_id IS NOT NULL "  # noqa: S608
        "GROUP BY reverses_id HAVING count(*) > 1"
    ):
        found.append(Violation(slug, 4, f"transfer {original} is reversed {count} times"))
    for reversal, original in rows(
        f"""SELECT r.id, o.id FROM {TRANSFER} r JOIN {TRANSFER} o ON o.id = r.reverses_id
            WHERE r.debit_id <> o.credit_id OR r.credit_id <> o.debit_id OR r.amount <> o.amount
               OR o.kind = 'reversal'"""  # noqa: S608
    ):
        found.append(Violation(slug, 4, f"reversal {reversal} does not mirror transfer {original}"))
    return found


def clearing_balances(community: CommunityLedger) -> dict[str, int]:
    with schema_context(community.schema_name):
        return dict(Account.objects.filter(kind=Account.Kind.CLEARING).values_list("partner", "balance"))


def clearing_violations(checked: list[CommunityLedger], everyone: list[CommunityLedger]) -> list[Violation]:
    """Invariant 5: A's clearing account for B plus B's clearing account for A is 0."""
    by_slug = {c.slug: c for c in everyone}
    balances: dict[str, dict[str, int]] = {}

    def of(slug: str) -> dict[str, int]:
        if slug not in balances:
            balances[slug] = clearing_balances(by_slug[slug])
        return balances[slug]

    found, seen = [], set()
    for community in checked:
        for partner, balance in of(community.slug).items():
            pair = tuple(sorted((community.slug, partner)))
            if pair in seen:
                continue
            seen.add(pair)
            if partner not in by_slug:
                found.append(
                    Violation(community.slug, 5, f"clearing account for unknown community {partner!r}")
                )
                continue
            mirror = of(partner).get(community.slug, 0)
            if balance + mirror != 0:
                found.append(
                    Violation(
                        community.slug,
                        5,
                        f"clearing:{partner} is {balance} here and clearing:{community.slug} is {mirror} "
                        f"in {partner}; they sum to {balance + mirror}, not 0",
                    )
                )
    # A partner holding a clearing account for a checked community that holds none for it.
    for other in everyone:
        for community in checked:
            pair = tuple(sorted((community.slug, other.slug)))
            if other.slug == community.slug or pair in seen:
                continue
            unmatched = of(other.slug).get(community.slug)
            if unmatched:
                seen.add(pair)
                found.append(
                    Violation(
                        community.slug,
                        5,
                        f"{other.slug} holds {unmatched} on clearing:{community.slug}; the mirror is missing",
                    )
                )
    return found


def all_community_ledgers() -> list[CommunityLedger]:
    return [CommunityLedger(community.slug, community.schema_name) for community in communities()]


def verify_ledgers(slug: str | None = None) -> tuple[list[CommunityLedger], list[Violation]]:
    """Check one community (and its clearing partners) or all; returns what was checked and what is wrong."""
    everyone = all_community_ledgers()
    checked = [c for c in everyone if slug is None or slug in (c.slug, c.schema_name)]
    found: list[Violation] = []
    for community in checked:
        with schema_context(community.schema_name):
            found += violations_in_current_schema(community.slug)
    found += clearing_violations(checked, everyone)
    return checked, found
