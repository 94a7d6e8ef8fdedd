"""The demo alliance, modelled on Beizhan's 党组织联席会 (shared/seed/beizhan-sharing-association.zh.txt).

1 community party committee + direct branches + resident-unit organisations (the railway station, the
bus-hub police station, schools, companies), spanning the two demo communities. The station needs
student volunteers in the holidays (小小文明劝导员); the police give traffic-safety classes in schools
(交通安全课程进学校). A student of 民乐社区 (刘小明) volunteers at the station, a 北站社区 activity: the
party committee checks him in, and he is credited in 民乐's time bank through the clearing accounts. Idempotent: run after the demo communities
exist; does nothing the second time.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.demo.communities import BEIZHAN, DEMO_PASSWORD, MINLE
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.actors import organisation_actor, resident_actor, street_office_actor
from sharepool.platform.federation.alliances import (
    do_accept_alliance_invitation,
    do_create_alliance,
    do_invite_to_alliance,
)
from sharepool.platform.federation.attendance import do_check_in_to_project_activity
from sharepool.platform.federation.awards import do_award_project_activity
from sharepool.platform.federation.listings import (
    ListingInput,
    Window,
    do_publish_demand,
    do_publish_resource,
)
from sharepool.platform.federation.models import Alliance, FederatedOrganisation
from sharepool.platform.federation.organisations import (
    ContactInput,
    do_register_organisation,
    do_verify_organisation,
)
from sharepool.platform.federation.projects import (
    ResourceShare,
    do_accept_project,
    do_plan_project_year,
    do_propose_project,
    do_record_project_outcome,
    do_schedule_project_activity,
    do_sign_up_for_project_activity,
)
from sharepool.tenants.admission.services import do_approve_member
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.services import do_register_resident

DEMO_ALLIANCE = "北站社区党组织联席会"
Kind = FederatedOrganisation.Kind

# (name, kind, community slug)
ORGANISATIONS = [
    ("北站社区党委", Kind.PARTY_COMMITTEE, BEIZHAN.slug),
    ("北站社区第一党支部", Kind.PARTY_BRANCH, BEIZHAN.slug),
    ("北站社区创业花园党支部", Kind.PARTY_BRANCH, BEIZHAN.slug),
    ("深圳北站", Kind.RESIDENT_UNIT, BEIZHAN.slug),
    ("北站公交派出所", Kind.RESIDENT_UNIT, BEIZHAN.slug),
    ("地铁物业枢纽党支部", Kind.RESIDENT_UNIT, BEIZHAN.slug),
    ("北站实验学校", Kind.SCHOOL, BEIZHAN.slug),
    ("北站商圈企业党支部", Kind.COMPANY, BEIZHAN.slug),
    ("北站社区出租屋楼长协会", Kind.SOCIAL_CO_GOVERNANCE, BEIZHAN.slug),
    ("龙悦志愿者协会", Kind.SOCIAL_SERVICE, BEIZHAN.slug),
    ("民乐社区党委", Kind.PARTY_COMMITTEE, MINLE.slug),
    ("民乐小学", Kind.SCHOOL, MINLE.slug),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def listing(title, category, tags, alliance, windows=(), description="") -> ListingInput:
    return ListingInput(
        title=title,
        category=category,
        visibility="alliance",
        tags=tuple(tags),
        description=description,
        windows=tuple(windows),
        alliance_ids=(alliance.id,),
    )


def demo_student(community: Community) -> Member:
    """A resident of 民乐社区, approved by its admin, who volunteers in 北站社区's project."""
    with schema_context(community.schema_name):
        if not get_user_model().objects.filter(username="liuxiaoming").exists():
            member = do_register_resident(
                username="liuxiaoming",
                password=DEMO_PASSWORD,
                display_name="刘小明",
                phone="13800000101",
                building="民乐新村 5栋",
                skills="文明劝导",
            )
            admin = Member.objects.get(role=Member.Role.ADMIN, user__username="admin")
            do_approve_member(actor=admin, member_id=member.id)
        return Member.objects.get(user__username="liuxiaoming")


@transaction.atomic
def seed_demo_federation() -> None:
    if Alliance.objects.filter(name=DEMO_ALLIANCE).exists():
        return
    communities = {c.slug: c for c in Community.objects.filter(slug__in=[BEIZHAN.slug, MINLE.slug])}
    office = street_office_actor(communities[BEIZHAN.slug].street_office_id)
    orgs = {}
    for name, kind, slug in ORGANISATIONS:
        orgs[name] = do_register_organisation(
            actor=office,
            name=name,
            kind=kind,
            home_community_id=communities[slug].id,
            contacts=[ContactInput(name="联络员", role="党建联络员")],
        )
        do_verify_organisation(actor=office, organisation_id=orgs[name].id)
    committee = organisation_actor(orgs["北站社区党委"])
    alliance = do_create_alliance(
        actor=committee,
        name=DEMO_ALLIANCE,
        description="1（社区党委）+14（直属党支部）+25（驻社区党组织）：组织共建、问题共商、资源共享。",
    )
    for name in list(orgs)[1:]:
        invitation = do_invite_to_alliance(
            actor=committee, alliance_id=alliance.id, organisation_id=orgs[name].id
        )
        do_accept_alliance_invitation(actor=organisation_actor(orgs[name]), invitation_id=invitation.id)

    year = timezone.now().astimezone(SHANGHAI).year + 1
    winter = Window(date(year, 1, 15), date(year, 2, 25))
    summer = Window(date(year, 7, 10), date(year, 8, 31))
    as_org = {name: organisation_actor(org) for name, org in orgs.items()}
    classes = do_publish_resource(
        actor=as_org["北站公交派出所"],
        listing=listing(
            "交通安全课程进学校",
            "safety_education",
            ["交通安全", "学校"],
            alliance,
            description="公交派出所民警到校讲授交通安全实践课。",
        ),
        capacity=24,
    )
    do_publish_resource(
        actor=as_org["深圳北站"],
        listing=listing("铁路安全知识进学校", "safety_education", ["铁路安全", "学校"], alliance),
        capacity=12,
    )
    students = do_publish_resource(
        actor=as_org["民乐小学"],
        listing=listing("学生志愿者", "volunteering", ["志愿", "寒暑假", "学生"], alliance, [winter, summer]),
        capacity=60,
    )
    guides = do_publish_demand(
        actor=as_org["深圳北站"],
        listing=listing(
            "小小文明劝导员",
            "volunteering",
            ["志愿", "寒暑假", "文明劝导"],
            alliance,
            [winter, summer],
            description="高铁站日均客流65万人次，寒暑假需要学生义工协助文明宣传、交通引导。",
        ),
        quantity=40,
    )
    safety = do_publish_demand(
        actor=as_org["民乐小学"],
        listing=listing("学生交通安全培训", "safety_education", ["交通安全", "学校"], alliance),
        quantity=6,
    )

    project = do_propose_project(
        actor=committee,
        demand_id=guides.id,
        resources=[ResourceShare(students.id, 40)],
        title="小小文明劝导员",
        description="每年寒暑假招募学生义工助力北站高铁站文明出行。",
    )
    for name in ("深圳北站", "民乐小学"):
        do_accept_project(actor=as_org[name], project_id=project.id)
    do_plan_project_year(
        actor=committee,
        project_id=project.id,
        year=year,
        goals="寒假、暑假各组织一期，每月一次站区文明劝导。",
        planned_activities=12,
        target_people_served=5_000,
        target_volunteer_minutes=40 * 12 * 180,
    )
    activities = []
    for month in (1, 2, 7, 8):
        starts = datetime(year, month, 20, 9, 0, tzinfo=SHANGHAI)
        activities.append(
            do_schedule_project_activity(
                actor=committee,
                project_id=project.id,
                title=f"{month}月站区文明劝导",
                location="深圳北站东广场",
                host_community_id=communities[BEIZHAN.slug].id,
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                volunteer_slots=20,
                award_minutes=180,
            )
        )
    student = demo_student(communities[MINLE.slug])
    do_sign_up_for_project_activity(
        actor=resident_actor(
            community_id=communities[MINLE.slug].id, member_id=student.id, display_name=student.display_name
        ),
        activity_id=activities[0].id,
    )
    # Demo data: the January activity is shown as already held: the student was there, and was awarded,
    # each step at the time it would have been taken (the activities' time rules, issue 10).
    held = activities[0]
    do_check_in_to_project_activity(
        actor=committee,
        activity_id=held.id,
        community_id=communities[MINLE.slug].id,
        member_id=student.id,
        now=held.starts_at,
    )
    do_award_project_activity(actor=committee, activity_id=held.id, now=held.ends_at)

    lessons = do_propose_project(
        actor=committee,
        demand_id=safety.id,
        resources=[ResourceShare(classes.id, 6)],
        title="交通安全课程进学校",
    )
    for name in ("民乐小学", "北站公交派出所"):
        do_accept_project(actor=as_org[name], project_id=lessons.id)
    do_record_project_outcome(
        actor=as_org["北站公交派出所"],
        project_id=lessons.id,
        people_served=320,
        volunteer_minutes=6 * 90,
        organisation_ids=[orgs["北站公交派出所"].id, orgs["民乐小学"].id],
        note="六个班级的交通安全课。",
    )
