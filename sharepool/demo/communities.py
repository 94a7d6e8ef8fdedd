"""Demo communities modelled on the reference community (shared/seed/beizhan-sharing-association.zh.txt)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from sharepool.platform.communities.models import Community, StreetOffice, StreetOfficeStaff
from sharepool.platform.communities.services import community_domain, community_url, onboard_community

DEMO_PASSWORD = "gongxiang-2019"  # documented in the README; demo data only


@dataclass(frozen=True)
class DemoCommunity:
    slug: str
    name: str
    street_office: str
    district: str
    population: int


BEIZHAN = DemoCommunity("beizhan", "北站社区", "民治街道", "龙华区", 72_000)
# A neighbouring community of the same street office: the second tenant that shows isolation and federation.
MINLE = DemoCommunity("minle", "民乐社区", "民治街道", "龙华区", 38_000)
DEMO_COMMUNITIES = [BEIZHAN, MINLE]


def seed_demo_communities() -> list[str]:
    """Create what is missing, touch nothing that exists. Returns one line per community for the user."""
    lines = []
    for demo in DEMO_COMMUNITIES:
        if not Community.objects.filter(slug=demo.slug).exists():
            onboard_community(
                slug=demo.slug,
                name=demo.name,
                street_office_name=demo.street_office,
                population=demo.population,
                district=demo.district,
                admin_username="admin",
                admin_password=DEMO_PASSWORD,
                admin_display_name="社区管理员",
            )
        lines.append(f"{demo.name}: {community_url(community_domain(demo.slug))}  (admin / {DEMO_PASSWORD})")
    seed_platform_accounts()
    return lines


@transaction.atomic
def seed_platform_accounts() -> None:
    user_model = get_user_model()
    if not user_model.objects.filter(username="operator").exists():
        user_model.objects.create_superuser(username="operator", password=DEMO_PASSWORD, email="")
    office = StreetOffice.objects.get(name=BEIZHAN.street_office)
    if not user_model.objects.filter(username="minzhi").exists():
        staff = user_model.objects.create_user(username="minzhi", password=DEMO_PASSWORD)
        StreetOfficeStaff.objects.create(user=staff, street_office=office)
