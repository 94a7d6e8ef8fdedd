"""The demo alliance: two communities share resources and demands and run projects; seeding twice changes nothing."""

from sharepool.demo.federation import DEMO_ALLIANCE, seed_demo_federation
from sharepool.platform.federation.actors import organisation_actor, resident_actor
from sharepool.platform.federation.matching import match_demand
from sharepool.platform.federation.models import (
    Alliance,
    AllianceMembership,
    Demand,
    FederatedOrganisation,
    Project,
    ProjectActivity,
    Resource,
)
from sharepool.platform.federation.projects import upcoming_activities_for
from sharepool.platform.federation.stats import alliance_stats


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            FederatedOrganisation,
            Alliance,
            AllianceMembership,
            Resource,
            Demand,
            Project,
            ProjectActivity,
        )
    )


def test_the_demo_alliance_spans_both_communities_and_seeding_again_changes_nothing(beizhan, minle):
    # when
    seed_demo_federation()
    first = counts()
    seed_demo_federation()

    # then
    assert counts() == first == (12, 1, 12, 3, 2, 2, 4)
    alliance = Alliance.objects.get(name=DEMO_ALLIANCE)
    stats = alliance_stats(
        actor=organisation_actor(FederatedOrganisation.objects.get(name="民乐小学")), alliance_id=alliance.id
    )
    assert [(row.community_name, row.organisations) for row in stats.communities] == [
        ("北站社区", 10),
        ("民乐社区", 2),
    ]
    assert set(Project.objects.values_list("title", "status")) == {
        ("小小文明劝导员", "active"),
        ("交通安全课程进学校", "active"),
    }


def test_the_station_finds_the_minle_students_and_minle_residents_see_the_activities(beizhan, minle):
    # given
    seed_demo_federation()
    station = FederatedOrganisation.objects.get(name="深圳北站")
    guides = Demand.objects.get(title="小小文明劝导员")
    from sharepool.platform.communities.models import Community

    minle_row = Community.objects.get(slug="minle")

    # when
    matches = match_demand(actor=organisation_actor(station), demand_id=guides.id)
    shown_in_minle = upcoming_activities_for(
        resident_actor(community_id=minle_row.id, member_id=1, display_name="x")
    )

    # then: January was awarded, so it is no longer open for sign-up;
    # 40 of the students' 60 places are held by the project, 20 are left for more
    assert [(m.title, m.capacity_left, m.score) for m in matches] == [("学生志愿者", 20, 95)]
    assert [r.code for r in matches[0].reasons] == [
        "category",
        "tags",
        "time_overlap",
        "capacity",
        "same_alliance",
    ]
    assert [a.title for a in shown_in_minle] == [
        "2月站区文明劝导",
        "7月站区文明劝导",
        "8月站区文明劝导",
    ]


def test_a_minle_student_is_credited_for_the_stations_activity_and_the_ledgers_stay_sound(beizhan, minle):
    # when
    seed_demo_federation()
    seed_demo_federation()

    # then
    from django_tenants.utils import schema_context

    from sharepool.tenants.ledger.models import Account
    from sharepool.tenants.ledger.verify import verify_ledgers
    from sharepool.tenants.members.models import Member

    with schema_context(minle.schema_name):
        student = Member.objects.get(user__username="liuxiaoming")
        assert Account.objects.get(member=student).balance == 180
        assert Account.objects.get(kind="clearing", partner="beizhan").balance == -180
    with schema_context(beizhan.schema_name):
        assert Account.objects.get(kind="clearing", partner="minle").balance == 180
    assert verify_ledgers()[1] == []
    assert ProjectActivity.objects.filter(status="awarded").count() == 1
    # he was checked in by the party committee before the hours were awarded
    from sharepool.platform.federation.models import ProjectActivitySignup

    signup = ProjectActivitySignup.objects.get(activity__status="awarded")
    assert (signup.community.slug, signup.member_id, signup.display_name) == ("minle", student.id, "刘小明")
    assert signup.checked_in_at is not None
    assert (signup.checked_in_by_kind, signup.checked_in_by_organisation.name) == (
        "organisation",
        "北站社区党委",
    )
