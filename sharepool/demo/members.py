"""Demo members of 北站社区 (idempotent): a community worker, residents, a collective member, an applicant.

The community worker can approve the applicant through the API (README, "GraphQL API").
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from sharepool.demo.communities import BEIZHAN, DEMO_PASSWORD
from sharepool.platform.communities.models import Community
from sharepool.tenants.admission.services import do_approve_member
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


DEMO_MEMBERS = [
    DemoMember(
        "shegong", "陈社工", "13800000001", "社区党群服务中心", "会员审核、活动组织", role=Member.Role.WORKER
    ),
    DemoMember("zhaofang", "赵芳", "13800000002", "北站花园 3栋", "修电脑、教老人用手机"),
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
            # Roles are granted by the community's admin; demo data sets them directly.
            Member.objects.filter(id=member.id).update(role=demo.role)
