"""Demo members of 北站社区 (idempotent): a community worker, residents, a collective member, an applicant.

The community worker can approve the applicant through the API (README, "GraphQL API").
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tenants.utils import schema_context

from sharepool.demo.communities import BEIZHAN, DEMO_PASSWORD
from sharepool.platform.communities.models import Community
from sharepool.tenants.admission.services import do_approve_member
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.services import Posting, community_pool, member_account_ids, post_transfers
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.services import do_register_resident


@dataclass(frozen=True)
class DemoMember:
    username: str
    display_name: str
    phone: str
    building: str
    skills: str
    role: str = Member.Role.RESIDENT
    kind: str = Member.Kind.INDIVIDUAL
    approved: bool = True
    # A welcome credit, as the demo's other members had (timebank.py): what the README's resident day
    # spends at step 7, so 赵芳 pays from hours she has rather than from her credit line.
    welcome_minutes: int = 0


DEMO_MEMBERS = [
    DemoMember(
        "shegong", "陈社工", "13800000001", "社区党群服务中心", "会员审核、活动组织", role=Member.Role.WORKER
    ),
    DemoMember(
        "zhaofang", "赵芳", "13800000002", "北站花园 3栋", "修电脑、教老人用手机", welcome_minutes=300
    ),
    DemoMember(
        "wangjianguo", "王建国", "13800000003", "上塘村 12栋", "水电维修", role=Member.Role.COORDINATOR
    ),
    DemoMember(
        "sidianban",
        "四点半课堂",
        "13800000004",
        "北站小学",
        "课后托管",
        role=Member.Role.COLLECTIVE,
        kind="collective",
    ),
    DemoMember("lihua", "李华", "13800000005", "龙华公租房 A座", "陪诊、读报", approved=False),
]


@transaction.atomic
def welcome(member: Member, minutes: int) -> None:
    """Through the real ledger, from the community pool, keyed so that a second run posts nothing."""
    accounts = member_account_ids([member.id])
    posting = Posting(
        f"demo:welcome:{member.user.username}",
        community_pool().id,
        accounts[member.id],
        minutes,
        Transfer.Kind.WELCOME,
        "入会欢迎积分",
    )
    post_transfers([posting])


def seed_demo_members() -> None:
    community = Community.objects.filter(slug=BEIZHAN.slug).first()
    if community is None:
        return
    with schema_context(community.schema_name):
        admin = Member.objects.get(role=Member.Role.ADMIN, user__username="admin")
        for demo in DEMO_MEMBERS:
            if get_user_model().objects.filter(username=demo.username).exists():
                continue
            member = do_register_resident(
                username=demo.username,
                password=DEMO_PASSWORD,
                display_name=demo.display_name,
                phone=demo.phone,
                building=demo.building,
                skills=demo.skills,
                kind=demo.kind,
            )
            if demo.approved:
                do_approve_member(actor=admin, member_id=member.id)
            if demo.welcome_minutes:
                welcome(member, demo.welcome_minutes)
            # Roles are granted by the community's admin; demo data sets them directly.
            Member.objects.filter(id=member.id).update(role=demo.role)
