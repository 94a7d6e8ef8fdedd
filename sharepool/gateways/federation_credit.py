"""The federation pays the residents checked in to a project activity: the host's own from its pool, the
others through clearing accounts. The ledger's federation service does the posting; this is its door."""

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.gateways.communities import community_by_slug
from sharepool.tenants.ledger.federation import ResidentCredit, do_credit_attendees
from sharepool.tenants.recognition.services import grant_hours_milestones

__all__ = ["ResidentCredit", "credit_attendees"]


@transaction.atomic
def credit_attendees(
    *,
    host_slug: str,
    attendees: dict[str, list[int]],
    minutes: int,
    key_prefix: str,
    memo: str,
    title: str = "",
) -> list[ResidentCredit]:
    """`attendees`: member ids by their home community's slug; `title`: what they are told they served
    in. Plain data in, plain data out.

    The hours count as served in each resident's home community, so its hour milestones are granted
    there, in this transaction (the ledger and the milestones are apps that never import each other)."""
    credits = do_credit_attendees(
        host_slug=host_slug,
        attendees=attendees,
        minutes=minutes,
        key_prefix=key_prefix,
        memo=memo,
        title=title,
    )
    now = timezone.now()
    for credit in credits:
        home = community_by_slug(credit.community_slug)
        if home is not None:
            with schema_context(home.schema_name):
                grant_hours_milestones(member_id=credit.member_id, now=now)
    return credits
