"""The federation pays the residents checked in to a project activity: the host's own from its pool, the
others through clearing accounts. The ledger's federation service does the posting; this is its door."""

from sharepool.tenants.ledger.federation import ResidentCredit, do_credit_attendees

__all__ = ["ResidentCredit", "credit_attendees"]


def credit_attendees(
    *, host_slug: str, attendees: dict[str, list[int]], minutes: int, key_prefix: str, memo: str
) -> list[ResidentCredit]:
    """`attendees`: member ids by their home community's slug. Plain data in, plain data out."""
    return do_credit_attendees(
        host_slug=host_slug, attendees=attendees, minutes=minutes, key_prefix=key_prefix, memo=memo
    )
