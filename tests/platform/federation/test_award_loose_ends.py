"""What a project activity's award owes besides the hours (issue 10): the residents are told, in their
own community; the hours count in their home community's figures and hour milestones; the project's
outcomes show the volunteers' time."""

from django.db.models import Sum
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.platform.federation.awards import do_award_project_activity
from sharepool.platform.federation.models import Project
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.recognition.models import Recognition
from sharepool.tenants.stats.services import community_stats
from sharepool.tenants.timebank.models import Category
from sharepool.tenants.timebank.services import (
    do_accept_exchange,
    do_complete_exchange,
    do_confirm_exchange,
    do_post_offer,
    do_propose_exchange,
)
from tests.platform.federation.conftest import check_in, member_id
from tests.tenants.cast import add_member, during, give


def told(schema_name: str, member: int) -> list[tuple[str, str]]:
    with schema_context(schema_name):
        return list(Notification.objects.filter(member_id=member).order_by("id").values_list("kind", "body"))


def test_residents_are_told_in_their_own_community_once(federation, joint_activity):
    # given
    f = federation
    zhaofang, lihua = member_id(f.minle, "zhaofang"), member_id(f.beizhan, "lihua")
    check_in(f, joint_activity, f.minle, "zhaofang")
    check_in(f, joint_activity, f.beizhan, "lihua")

    # when: awarded, then awarded again
    do_award_project_activity(
        actor=f.actor(f.committee), activity_id=joint_activity.id, now=during(joint_activity)
    )
    do_award_project_activity(
        actor=f.actor(f.police), activity_id=joint_activity.id, now=during(joint_activity)
    )

    # then: the Minle resident hears that Beizhan paid her; Beizhan's own resident that the hours came
    assert told(f.minle.schema_name, zhaofang) == [
        ("hours_from_another_community", "北站社区 为「寒假站区文明劝导」支付的 2 小时已记入你的账户。谢谢！")
    ]
    assert told(f.beizhan.schema_name, lihua) == [
        ("hours_awarded", "「寒假站区文明劝导」的 2 小时已记入你的账户。谢谢！")
    ]
    # and nobody in the other community was told anything about them
    with schema_context(f.beizhan.schema_name):
        assert not Notification.objects.filter(kind="hours_from_another_community").exists()


def serve_neighbour(schema_name: str, provider: int, minutes: int) -> None:
    """`provider` serves a neighbour in their own community, confirmed."""
    with schema_context(schema_name):
        neighbour = add_member("邻居")
        give(neighbour, minutes)
        offer = do_post_offer(actor_id=provider, category_id=Category.objects.first().id, title="陪诊")
        exchange = do_propose_exchange(actor_id=neighbour.id, offer_id=offer.id)
        do_accept_exchange(actor_id=provider, exchange_id=exchange.id)
        do_complete_exchange(actor_id=provider, exchange_id=exchange.id, minutes=minutes)
        do_confirm_exchange(actor_id=neighbour.id, exchange_id=exchange.id, idempotency_key="served")


def test_hours_from_a_project_count_at_home_in_the_figures_and_the_milestones(federation, joint_activity):
    # given: 赵芳 of Minle has served 9 hours at home; she then serves 2 hours in Beizhan's project
    f = federation
    zhaofang = member_id(f.minle, "zhaofang")
    serve_neighbour(f.minle.schema_name, zhaofang, 540)
    check_in(f, joint_activity, f.minle, "zhaofang")
    check_in(f, joint_activity, f.beizhan, "lihua")

    # when
    do_award_project_activity(
        actor=f.actor(f.committee), activity_id=joint_activity.id, now=during(joint_activity)
    )

    # then: Minle counts her project hours, and she passed 10 hours served
    with schema_context(f.minle.schema_name):
        minle = community_stats(now=timezone.now())
        milestones = list(
            Recognition.objects.filter(member_id=zhaofang, kind="hours_served").values_list(
                "threshold", flat=True
            )
        )
    assert (minle.minutes_served_projects, minle.minutes_served) == (120, 540 + 120)
    assert minle.minutes_served_this_month == 660
    assert milestones == [10]
    # Beizhan, which hosted and paid, counts its own resident's project hours, not Minle's
    with schema_context(f.beizhan.schema_name):
        beizhan = community_stats(now=timezone.now())
    assert (beizhan.minutes_served_projects, beizhan.minutes_served) == (120, 120)


def test_an_award_feeds_the_projects_outcomes_once(federation, joint_activity):
    # given
    f = federation
    check_in(f, joint_activity, f.minle, "zhaofang")
    check_in(f, joint_activity, f.beizhan, "lihua")

    # when: awarded twice
    do_award_project_activity(
        actor=f.actor(f.committee), activity_id=joint_activity.id, now=during(joint_activity)
    )
    do_award_project_activity(
        actor=f.actor(f.police), activity_id=joint_activity.id, now=during(joint_activity)
    )

    # then: two volunteers' 2 hours, reported once
    project = Project.objects.get(id=joint_activity.project_id)
    outcomes = project.outcomes.filter(activity=joint_activity)
    assert outcomes.count() == 1
    assert outcomes.aggregate(m=Sum("volunteer_minutes"))["m"] == 240
