"""Demo neighbourhood of 北站社区 (idempotent), from shared/seed/: 4 gated estates, 3 urban villages and a
public-housing estate; the urban village 创业花园 with its 156 buildings and the building heads
association; organisations of the community's three kinds, party branches and resident units.

The seed names some of the 28 social organisations; the others are named here after their kind.
"""

from datetime import date

from django.db import transaction
from django_tenants.utils import schema_context

from sharepool.demo.communities import BEIZHAN
from sharepool.platform.communities.models import Community
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import (
    Building,
    BuildingHead,
    CommunityOrganisation,
    Estate,
    MemberStanding,
)

URBAN_VILLAGE = "创业花园"
URBAN_VILLAGE_BUILDINGS = 156
BUILDING_HEADS = 106
ASSOCIATION = "北站社区出租屋楼长协会"

ESTATES = {
    "北站花园": Estate.Kind.GATED,
    "民治新村": Estate.Kind.GATED,
    "锦绣江南": Estate.Kind.GATED,
    "樟坑花园": Estate.Kind.GATED,
    URBAN_VILLAGE: Estate.Kind.URBAN_VILLAGE,
    "上塘村": Estate.Kind.URBAN_VILLAGE,
    "北站村": Estate.Kind.URBAN_VILLAGE,
    "龙悦居": Estate.Kind.PUBLIC_HOUSING,
}

K = CommunityOrganisation.Kind
# The 28 social organisations (1+39+28 in the seed): those the seed names first.
SOCIAL_ORGANISATIONS = [
    (ASSOCIATION, K.CO_GOVERNANCE, date(2013, 6, 1), 106),
    ("雨燕残疾人关爱事业发展中心", K.CO_GOVERNANCE, date(2016, 3, 1), 40),
    ("北站社区居民议事会", K.CO_GOVERNANCE, date(2014, 5, 1), 35),
    ("创业花园业主互助会", K.CO_GOVERNANCE, date(2015, 9, 1), 60),
    ("北站社区调解委员会", K.CO_GOVERNANCE, date(2014, 1, 1), 12),
    ("北站社区平安志愿巡逻队", K.CO_GOVERNANCE, date(2016, 8, 1), 80),
    ("北站社区环境保护协会", K.CO_GOVERNANCE, date(2017, 4, 1), 45),
    ("北站社区共享会", K.CO_GOVERNANCE, date(2019, 3, 1), 9000),
    ("龙悦志愿者协会", K.SERVICE, date(2015, 5, 1), 300),
    ("红星关爱志愿者协会", K.SERVICE, date(2016, 1, 1), 150),
    ("四点半课堂志愿服务队", K.SERVICE, date(2017, 9, 1), 60),
    ("小小文明劝导员服务队", K.SERVICE, date(2018, 7, 1), 120),
    ("北站社区长者关爱服务社", K.SERVICE, date(2016, 10, 1), 50),
    ("北站社区青少年成长中心", K.SERVICE, date(2017, 2, 1), 30),
    ("北站社区家庭综合服务中心", K.SERVICE, date(2014, 6, 1), 25),
    ("北站社区义剪服务队", K.SERVICE, date(2018, 3, 1), 15),
    ("北站社区法律援助志愿队", K.SERVICE, date(2018, 11, 1), 18),
    ("北站社区心理关爱服务站", K.SERVICE, date(2019, 5, 1), 12),
    ("北站社区邻里互助会", K.SERVICE, date(2019, 8, 1), 90),
    ("龙悦居太极协会", K.CULTURE_SPORTS, date(2015, 10, 1), 70),
    ("民治大爱音乐协会", K.CULTURE_SPORTS, date(2016, 6, 1), 55),
    ("北站社区广场舞协会", K.CULTURE_SPORTS, date(2015, 3, 1), 120),
    ("北站社区书画协会", K.CULTURE_SPORTS, date(2017, 5, 1), 35),
    ("北站社区篮球协会", K.CULTURE_SPORTS, date(2016, 9, 1), 40),
    ("北站社区羽毛球协会", K.CULTURE_SPORTS, date(2017, 11, 1), 45),
    ("北站社区粤剧社", K.CULTURE_SPORTS, date(2018, 1, 1), 25),
    ("北站社区摄影协会", K.CULTURE_SPORTS, date(2018, 4, 1), 30),
    ("北站社区读书会", K.CULTURE_SPORTS, date(2019, 4, 1), 40),
]
PARTY_AND_UNITS = [
    ("北站社区第一党支部", K.PARTY_BRANCH),
    ("创业花园党支部", K.PARTY_BRANCH),
    ("龙悦居党支部", K.PARTY_BRANCH),
    ("深圳北车站", K.RESIDENT_UNIT),
    ("北站公交派出所", K.RESIDENT_UNIT),
    ("北站小学", K.RESIDENT_UNIT),
]


def building_in_estate(estate_name: str, building_name: str) -> Building:
    """The demo's building of that name in that estate, made when missing."""
    estate, _created = Estate.objects.get_or_create(
        name=estate_name, defaults={"kind": ESTATES.get(estate_name, Estate.Kind.GATED)}
    )
    building, _created = Building.objects.get_or_create(estate=estate, name=building_name)
    return building


@transaction.atomic
def seed_neighbourhood() -> None:
    """In the current schema."""
    admin = Member.objects.filter(role=Member.Role.ADMIN).order_by("id").first()
    for name, estate_kind in ESTATES.items():
        Estate.objects.get_or_create(
            name=name, defaults={"kind": estate_kind, "address": f"深圳市龙华区民治街道{name}"}
        )
    village = Estate.objects.get(name=URBAN_VILLAGE)
    existing = set(Building.objects.filter(estate=village).values_list("name", flat=True))
    Building.objects.bulk_create(
        [
            Building(estate=village, name=f"{n}栋", address=f"创业花园{n}栋", households=8 + n % 17)
            for n in range(1, URBAN_VILLAGE_BUILDINGS + 1)
            if f"{n}栋" not in existing
        ]
    )
    for name, organisation_kind, founded, members in SOCIAL_ORGANISATIONS:
        CommunityOrganisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": organisation_kind,
                "founded": founded,
                "members_count": members,
                "registration_number": f"5144030{founded.year}{len(name):04d}",
                "leader": "",
                "registered_by": admin,
            },
        )
    for name, organisation_kind in PARTY_AND_UNITS:
        CommunityOrganisation.objects.get_or_create(
            name=name, defaults={"kind": organisation_kind, "registered_by": admin}
        )


@transaction.atomic
def seed_building_heads(heads: list[Member]) -> None:
    """Building heads of 创业花园: the first heads cover two buildings each so that all 156 are covered."""
    if BuildingHead.objects.exists() or not heads:
        return
    village_buildings = list(Building.objects.filter(estate__name=URBAN_VILLAGE).order_by("id"))
    association = CommunityOrganisation.objects.get(name=ASSOCIATION)
    extra = len(village_buildings) - len(heads)  # heads who cover a second building
    position = 0
    for index, member in enumerate(heads):
        count = 2 if index < extra else 1
        term = BuildingHead.objects.create(member=member, since=date(2013, 6, 1), association=association)
        term.buildings.set(village_buildings[position : position + count])
        position += count


def seed_demo_estates() -> None:
    """Before the members (their buildings are the estates'), the estates, buildings and organisations."""
    community = Community.objects.filter(slug=BEIZHAN.slug).first()
    if community is not None:
        with schema_context(community.schema_name):
            seed_neighbourhood()


def seed_demo_neighbourhood() -> None:
    community = Community.objects.filter(slug=BEIZHAN.slug).first()
    if community is None:
        return
    with schema_context(community.schema_name):
        seed_neighbourhood()
        # Building heads and party members among the demo's residents (the time bank's 300 members).
        residents = list(
            Member.objects.filter(
                status=Member.Status.ACTIVE, kind=Member.Kind.INDIVIDUAL, role=Member.Role.RESIDENT
            ).order_by("member_number")
        )
        seed_building_heads(residents[:BUILDING_HEADS])
        if not MemberStanding.objects.exists():
            station = CommunityOrganisation.objects.get(name="深圳北车站")
            for n, member in enumerate(residents[:60]):
                in_service = n % 3 == 0
                MemberStanding.objects.create(
                    member=member,
                    party=MemberStanding.Party.IN_SERVICE if in_service else MemberStanding.Party.MEMBER,
                    reported_in_on=date(2019, 3, 1) if in_service else None,
                    employer=station if in_service else None,
                )
