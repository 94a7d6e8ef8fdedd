"""seed_demo's neighbourhood and council of 北站社区 (issue 13): the two motions of the seed carried from
research to follow-up, with minutes approved at the next session; a second run changes nothing."""

from django.core.management import call_command
from django_tenants.utils import schema_context

from sharepool.tenants.council.models import CouncilEvent, ExecutionBuilding, Minutes, Motion, Session
from sharepool.tenants.neighbourhood.models import Building, BuildingHead, CommunityOrganisation, Estate


def test_seed_demo_carries_the_two_motions_of_the_seed_from_research_to_follow_up(db):
    # given
    call_command("seed_demo")
    with schema_context("c_beizhan"):
        events = CouncilEvent.objects.count()

    # when: a second run
    call_command("seed_demo")

    # then
    with schema_context("c_beizhan"):
        assert CouncilEvent.objects.count() == events
        assert (
            sorted(Estate.objects.values_list("kind", flat=True))
            == ["gated"] * 4 + ["public_housing"] + ["urban_village"] * 3
        )
        assert Building.objects.filter(estate__name="创业花园").count() == 156
        current = BuildingHead.objects.filter(until__isnull=True)
        assert current.count() == 106
        assert Building.objects.filter(heads__in=current, estate__name="创业花园").distinct().count() == 156
        kinds = CommunityOrganisation.objects.values_list("kind", flat=True)
        social = [k for k in kinds if k in ("co_governance", "service", "culture_sports")]
        assert len(social) == 28
        motions = list(
            Motion.objects.filter(kind="main").order_by("number").values_list("number", "title", "state")
        )
        assert motions == [
            (1, "关于防止高空坠物加装防护网的议案", "followed_up"),
            (2, "关于小区“三线”整治活动的提案", "followed_up"),
        ]
        nets = Motion.objects.get(number=1)
        assert "不锈钢防坠网" in nets.text and nets.texts.count() == 2
        assert set(ExecutionBuilding.objects.values_list("status", "progress")) == {("done", 100)}
        assert ExecutionBuilding.objects.count() == 20
        first, second = Session.objects.order_by("number")
        minutes = Minutes.objects.get(session=first)
        assert (first.state, second.state, minutes.approved_in_id) == ("closed", "closed", second.id)
        assert "第1号议案《关于防止高空坠物加装防护网的议案》通过" in minutes.text
