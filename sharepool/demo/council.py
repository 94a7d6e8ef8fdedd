"""Demo resident council of 北站社区 (idempotent), from shared/seed/: building heads researched, the council
deliberated by Robert's Rules and adopted 《关于防止高空坠物加装防护网的议案》 and 《关于小区“三线”整治活动的提案》,
carried them out building by building and followed them up. Every step goes through the council's own
domain functions, so the demo's event log, minutes and execution are what a real sitting leaves.
"""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.demo.communities import BEIZHAN
from sharepool.demo.neighbourhood import ASSOCIATION, URBAN_VILLAGE
from sharepool.platform.communities.models import Community
from sharepool.tenants.council import services as council
from sharepool.tenants.council.models import Council
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import Building, BuildingHead, CommunityOrganisation

COUNCIL_NAME = "北站社区居民议事会"
SEATS = 21  # building heads of 创业花园 and residents' representatives; quorum 11
NETS = (
    "关于防止高空坠物加装防护网的议案",
    "在创业花园各出租屋楼栋临街一侧加装防坠网，费用由业主承担，楼长协会组织统一采购和安装。",
    "城中村楼距窄、住户多，高空坠物曾多次砸伤行人和车辆。",
    "楼长协会对创业花园156栋楼逐栋调研：40栋曾发生高空坠物，业主普遍愿意承担防坠网费用。",
)
NETS_AMENDED = (
    "在创业花园各出租屋楼栋临街一侧加装不锈钢防坠网，费用由业主承担，楼长协会组织统一采购和安装，政府不出资。"
)
CABLES = (
    "关于小区“三线”整治活动的提案",
    "引入第三方投资，对创业花园的电力线、通信线、有线电视线统一整治，光纤入地、网线入户。",
    "“三线”乱拉乱挂，存在火灾隐患，影响市容。",
    "楼长协会调研：各楼栋“三线”平均7条以上，住户支持统一入地，运营商愿意投资。",
)


def sit_through(motion, *, chair, secretary, voters, method, amendment=None):
    """The question stated, debated (an amendment when given), put to the vote and adopted."""
    council.do_state_question(actor=chair, motion_id=motion.id)
    if amendment is not None:
        proposed = council.do_propose_amendment(actor=voters[3], motion_id=motion.id, text=amendment)
        council.do_second_motion(actor=voters[4], motion_id=proposed.id)
        council.do_open_vote(actor=chair, motion_id=proposed.id, method="show_of_hands")
        council.do_close_vote(actor=chair, motion_id=proposed.id, yes=14, no=2, abstain=1)
    for speaker in voters[1:4]:
        council.do_add_speaker(actor=speaker, motion_id=motion.id)
        council.do_give_floor(actor=chair, motion_id=motion.id)
        council.do_end_speech(actor=chair, motion_id=motion.id)
    council.do_open_vote(actor=chair, motion_id=motion.id, method=method)
    if method in ("roll_call", "ballot"):
        for n, voter in enumerate(voters):
            council.do_cast_vote(actor=voter, motion_id=motion.id, choice="no" if n % 8 == 7 else "yes")
        council.do_close_vote(actor=chair, motion_id=motion.id)
    else:
        council.do_close_vote(actor=chair, motion_id=motion.id, yes=len(voters) - 2, no=1, abstain=1)


def carry_out(motion, *, secretary, organisations, report, follow_up):
    today = timezone.localdate()
    council.do_start_execution(
        actor=secretary,
        motion_id=motion.id,
        due_on=today + timedelta(days=60),
        organisation_ids=[o.id for o in organisations],
        milestones=[
            ("楼长协会逐栋动员", today + timedelta(days=15)),
            ("全部楼栋完工", today + timedelta(days=60)),
        ],
    )
    for building in motion.buildings.order_by("id"):
        council.do_report_progress(actor=secretary, motion_id=motion.id, building_id=building.id, progress=50)
        council.do_report_progress(
            actor=secretary, motion_id=motion.id, building_id=building.id, progress=100
        )
    council.do_complete_execution(actor=secretary, motion_id=motion.id, closing_report=report)
    council.do_record_follow_up(actor=secretary, motion_id=motion.id, note=follow_up)


def seed_council() -> Council | None:
    """In the current schema, after the neighbourhood's building heads exist."""
    if Council.objects.filter(name=COUNCIL_NAME).exists():
        return None
    secretary = (
        Member.objects.filter(role=Member.Role.WORKER, status=Member.Status.ACTIVE).order_by("id").first()
    )
    heads = list(
        # People only: a seat is a person's (do_give_seat refuses a collective member).
        Member.objects.filter(
            building_head_terms__until__isnull=True,
            status=Member.Status.ACTIVE,
            kind=Member.Kind.INDIVIDUAL,
        )
        .order_by("member_number")
        .distinct()[:SEATS]
    )
    if secretary is None or len(heads) < SEATS:
        return None
    body = council.do_create_council(actor=secretary, name=COUNCIL_NAME, follow_up_days=30)
    for head in heads:
        council.do_give_seat(actor=secretary, council_id=body.id, member_id=head.id, kind="building_head")
    chair, voters = heads[0], heads[:17]  # 17 of 21 attend
    first = council.do_create_session(
        actor=secretary,
        council_id=body.id,
        title="居民议事会第一次会议",
        scheduled_at=timezone.now() - timedelta(hours=2),
        chair_id=chair.id,
        secretary_id=secretary.id,
        place="北站社区党群服务中心",
    )
    village = list(Building.objects.filter(estate__name=URBAN_VILLAGE).order_by("id"))
    motions = []
    for (title, text, reason, research), buildings, mover in (
        (NETS, village[:12], heads[1]),
        (CABLES, village[12:20], heads[2]),
    ):
        motion = council.do_draft_and_submit_motion(
            actor=mover,
            council_id=body.id,
            title=title,
            text=text,
            reason=reason,
            research=research,
            building_ids=[b.id for b in buildings],
        )
        council.do_second_motion(actor=heads[5], motion_id=motion.id)
        council.do_schedule_motion(actor=secretary, motion_id=motion.id, session_id=first.id)
        motions.append(motion)
    for voter in voters:
        council.do_check_in_to_session(actor=voter, session_id=first.id)
    council.do_open_session(actor=chair, session_id=first.id)
    sit_through(
        motions[0],
        chair=chair,
        secretary=secretary,
        voters=voters,
        method="roll_call",
        amendment=NETS_AMENDED,
    )
    sit_through(motions[1], chair=chair, secretary=secretary, voters=voters, method="show_of_hands")
    council.do_close_session(actor=chair, session_id=first.id)

    second = council.do_create_session(
        actor=secretary,
        council_id=body.id,
        title="居民议事会第二次会议",
        scheduled_at=timezone.now() - timedelta(hours=1),
        chair_id=chair.id,
        secretary_id=secretary.id,
        place="北站社区党群服务中心",
    )
    for voter in voters[:15]:
        council.do_check_in_to_session(actor=voter, session_id=second.id)
    council.do_open_session(actor=chair, session_id=second.id)
    council.do_approve_minutes(actor=chair, minutes_session_id=first.id, in_session_id=second.id)
    council.do_close_session(actor=chair, session_id=second.id)

    association = CommunityOrganisation.objects.get(name=ASSOCIATION)
    carry_out(
        motions[0],
        secretary=secretary,
        organisations=[association],
        report="创业花园涉及楼栋的防坠网全部安装完毕，政府未出资，费用由业主承担。",
        follow_up="回访住户和行人：安装后未再发生高空坠物伤人事件。",
    )
    carry_out(
        motions[1],
        secretary=secretary,
        organisations=[association],
        report="第三方投资完成光纤入地、网线入户，涉及楼栋“三线”全部整治完毕。",
        follow_up="回访住户：楼道整洁，网络稳定，在全区率先实现“三线下地”。",
    )
    return body


def seed_demo_council() -> None:
    community = Community.objects.filter(slug=BEIZHAN.slug).first()
    if community is None:
        return
    with schema_context(community.schema_name):
        if BuildingHead.objects.exists():
            seed_council()
