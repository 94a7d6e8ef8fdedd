"""Demo billing: the three plans, and the demo communities on the free pilot (idempotent)."""

from django.db import transaction

from sharepool.demo.communities import DEMO_COMMUNITIES
from sharepool.platform.billing.models import Plan, Subscription
from sharepool.platform.communities.models import Community

PLANS = [
    (Plan.Code.FREE_PILOT, "免费试点", 0),
    (Plan.Code.STANDARD, "标准版", 80_000),
    (Plan.Code.STREET_OFFICE_BUNDLE, "街道套餐", 500_000),
]


@transaction.atomic
def seed_demo_billing() -> None:
    for code, name, price in PLANS:
        Plan.objects.get_or_create(code=code, defaults={"name": name, "monthly_price_fen": price})
    free_pilot = Plan.objects.get(code=Plan.Code.FREE_PILOT)
    demo = Community.objects.filter(slug__in=[community.slug for community in DEMO_COMMUNITIES])
    for community in demo.filter(subscription__isnull=True):
        Subscription.objects.create(
            community=community,
            street_office_id=community.street_office_id,
            plan=free_pilot,
            status=Subscription.Status.ACTIVE,
        )
