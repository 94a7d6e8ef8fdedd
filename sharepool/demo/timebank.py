"""Demo time bank for Beizhan (shared/seed/): a few hundred members, listings, exchanges and activities.

Members, listings and accounts are inserted in bulk (they are data, not events); every hour that moves
goes through the real services, so the demo ledger satisfies every invariant of LEDGER.md. Idempotent:
once the 4:30 classroom exists, the seeder does nothing.
"""

import random
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.demo.communities import BEIZHAN, DEMO_PASSWORD
from sharepool.demo.neighbourhood import building_in_estate
from sharepool.gateways.communities import current_community
from sharepool.platform.communities.models import Community
from sharepool.tenants.activities.models import Activity
from sharepool.tenants.activities.services import (
    do_award_activity,
    do_check_in,
    do_create_activity,
    do_sign_up,
)
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.services import Posting, community_pool, member_account_ids, post_transfers
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.services import do_lock_member_numbers, next_member_number
from sharepool.tenants.recognition.services import do_grant_member_number_milestones
from sharepool.tenants.timebank.models import Category, Offer, ServiceRequest
from sharepool.tenants.timebank.services import (
    do_accept_exchange,
    do_complete_exchange,
    do_confirm_exchange,
    do_propose_exchange,
)

MEMBERS = 300
EXCHANGES = 60  # through the real services: ~40 ms each on a shared machine
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "桂兰",
    "建国",
]
# The estates of sharepool/tenants/neighbourhood/demo.py (4 gated, 3 urban villages, 1 public-housing).
ESTATES = ["北站花园", "民治新村", "锦绣江南", "创业花园", "上塘村", "北站村", "龙悦居"]
COLLECTIVES = [
    "北站花园物业服务中心",
    "红星幼儿园",
    "民治医院社康中心",
    "北站便民超市",
    "深圳北站志愿者协会",
    "楼长协会",
]
OFFERS = {
    "household-repair": ["修门锁", "装窗帘杆", "修家具"],
    "plumbing-electrics": ["修水管", "换水龙头", "检修电路"],
    "childcare-tutoring": ["辅导小学数学", "英语陪读", "四点半课堂助教"],
    "elder-care": ["陪老人聊天", "代买药品", "陪同就医"],
    "health": ["量血压", "中医推拿", "健康咨询"],
    "transport": ["接送孩子", "搬家帮手", "代驾买菜"],
    "culture-sports": ["教太极拳", "书法课", "广场舞领舞"],
    "digital-help": ["教老人用手机", "网上缴费帮办", "健康码帮办"],
    "public-volunteering": ["垃圾分类督导", "社区巡逻", "文明劝导"],
}


def seed_beizhan_time_bank() -> None:
    if not Community.objects.filter(slug=BEIZHAN.slug).exists():
        return
    with schema_context(Community.objects.get(slug=BEIZHAN.slug).schema_name):
        if Activity.objects.filter(title="四点半课堂").exists():
            return
        rng = random.Random(2019)
        # All or nothing, so that an interrupted run is simply run again.
        with transaction.atomic():
            members = seed_members(rng)
            seed_listings(rng, members)
            seed_exchanges(rng, members)
            seed_activities(rng, members)
            do_grant_member_number_milestones(now=timezone.now())


@transaction.atomic
def seed_members(rng: random.Random) -> list[Member]:
    """300 members who joined over 2 years 3 months; some collective, a few coordinators and workers."""
    password = make_password(DEMO_PASSWORD)  # hashed once: 300 hashes would take minutes
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"jumin{n:03d}", password=password) for n in range(1, MEMBERS + 1)]
    )
    do_lock_member_numbers()
    first_number, now = next_member_number(), timezone.now()
    members = []
    for n, user in enumerate(users):
        collective = n < len(COLLECTIVES)
        role = Member.Role.COLLECTIVE if collective else Member.Role.RESIDENT
        if n in (10, 11, 12):
            role = Member.Role.COORDINATOR
        elif n in (13, 14):
            role = Member.Role.WORKER
        members.append(
            Member(
                user=user,
                kind=Member.Kind.COLLECTIVE if collective else Member.Kind.INDIVIDUAL,
                status=Member.Status.ACTIVE,
                role=role,
                display_name=COLLECTIVES[n] if collective else rng.choice(SURNAMES) + rng.choice(GIVEN),
                building=building_in_estate(rng.choice(ESTATES), f"{rng.randint(1, 30)}栋"),
                member_number=first_number + n,
                approved_at=now - timedelta(days=int(820 * (1 - n / MEMBERS) ** 2)),
            )
        )
    members = Member.objects.bulk_create(members)
    member_account_ids([m.id for m in members])
    return members


@transaction.atomic
def seed_listings(rng: random.Random, members: list[Member]) -> None:
    categories = {c.code: c for c in Category.objects.all()}
    now = timezone.now()
    offers, requests = [], []
    for code, titles in OFFERS.items():
        for title in titles:
            for _ in range(3):
                offers.append(
                    Offer(
                        member=rng.choice(members),
                        category=categories[code],
                        title=title,
                        expires_at=now + timedelta(days=60),
                    )
                )
            requests.append(
                ServiceRequest(
                    member=rng.choice(members),
                    category=categories[code],
                    title=f"求助：{title}",
                    expires_at=now + timedelta(days=60),
                )
            )
    Offer.objects.bulk_create(offers)
    ServiceRequest.objects.bulk_create(requests)


def seed_exchanges(rng: random.Random, members: list[Member]) -> None:
    # Welcome credits first, in one call of the real ledger (one lock set, ascending ids); the first
    # 150 members are the ones who ask for services, so they start with 10 hours.
    accounts = member_account_ids([m.id for m in members])
    pool = community_pool().id
    welcome = [
        Posting(
            f"demo:welcome:{m.id}",
            pool,
            accounts[m.id],
            600 if n < 150 else 120,
            Transfer.Kind.WELCOME,
            "入会欢迎积分",
        )
        for n, m in enumerate(members)
    ]
    post_transfers(welcome)
    offers = list(Offer.objects.order_by("id"))
    for n in range(EXCHANGES):
        offer = offers[n % len(offers)]
        recipient = rng.choice([m for m in members[:150] if m.id != offer.member_id])
        exchange = do_propose_exchange(actor_id=recipient.id, offer_id=offer.id)
        do_accept_exchange(actor_id=offer.member_id, exchange_id=exchange.id)
        do_complete_exchange(
            actor_id=offer.member_id, exchange_id=exchange.id, minutes=rng.choice([30, 45, 60, 90, 120])
        )
        do_confirm_exchange(
            actor_id=recipient.id, exchange_id=exchange.id, idempotency_key=f"demo:exchange:{n}"
        )


def seed_activities(rng: random.Random, members: list[Member]) -> None:
    """Four past weeks of the 4:30 classroom and two of the civility volunteers, awarded; the next
    classroom open for sign-up. Times are the community's local times (16:30 in Beijing, not in UTC), and
    each step happens when a resident would take it: sign-up before the start, check-in at the start,
    the award after the end (the activities' time rules, issue 10)."""
    coordinator = next(m for m in members if m.role == Member.Role.COORDINATOR)
    tutoring = Category.objects.get(code="childcare-tutoring")
    volunteering = Category.objects.get(code="public-volunteering")
    now = timezone.now()
    local_now = timezone.localtime(now, community_zone())
    today = local_now.replace(hour=16, minute=30, second=0, microsecond=0)
    plan = [
        ("四点半课堂", tutoring, "社区党群服务中心", 120, 10, today - timedelta(days=7 * week))
        for week in range(1, 5)
    ]
    plan += [
        ("小小文明劝导员", volunteering, "深圳北站东广场", 180, 12, today - timedelta(days=30 * k))
        for k in (1, 2)
    ]
    for number, (title, category, place, minutes, capacity, starts) in enumerate(plan):
        activity = create_activity(coordinator, title, category, place, minutes, capacity, starts)
        attendees = rng.sample(members[20:], capacity + 3)  # three end up on the waiting list
        for member in attendees:
            do_sign_up(actor_id=member.id, activity_id=activity.id, now=starts - timedelta(days=2))
        for member in attendees[:capacity]:
            do_check_in(actor_id=coordinator.id, activity_id=activity.id, member_id=member.id, now=starts)
        do_award_activity(
            actor_id=coordinator.id,
            activity_id=activity.id,
            idempotency_key=f"demo:activity:{number}",
            now=starts + timedelta(minutes=minutes),
        )
    # The next classroom: today's if it has not started yet, otherwise next week's.
    upcoming = today if today > local_now else today + timedelta(days=7)
    activity = create_activity(coordinator, "四点半课堂", tutoring, "社区党群服务中心", 120, 10, upcoming)
    for member in rng.sample(members[20:], 6):
        do_sign_up(actor_id=member.id, activity_id=activity.id, now=now)


def create_activity(coordinator, title, category, place, minutes, capacity, starts) -> Activity:
    return do_create_activity(
        actor_id=coordinator.id,
        title=title,
        category_id=category.id,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
        place=place,
        capacity=capacity,
        minutes_credited=minutes,
    )


def community_zone() -> ZoneInfo:
    community = current_community()
    return ZoneInfo(community.timezone if community else settings.TIME_ZONE)
