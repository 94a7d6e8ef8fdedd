"""allianceStats and streetOfficeStats: figures per community, side by side."""

import pytest

from sharepool.platform.federation.actors import street_office_actor
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.projects import (
    ResourceShare,
    do_accept_project,
    do_complete_project,
    do_propose_project,
    do_record_project_outcome,
)
from sharepool.platform.federation.stats import alliance_stats, street_office_stats
from tests.conftest import make_community
from tests.platform.federation.conftest import publish_demand, publish_resource

FIGURES = ("organisations", "resources", "demands", "demands_met", "projects", "volunteer_minutes")


def figures(stats) -> dict[str, tuple]:
    return {row.community_name: tuple(getattr(row, name) for name in FIGURES) for row in stats.communities}


@pytest.fixture
def activity(federation):
    """A completed project between the two communities, with 90 minutes reported, and some other listings."""
    f = federation
    demand = publish_demand(f.school, "学生交通安全培训", "alliance", [f.alliance], quantity=6)
    resource = publish_resource(f.police, "交通安全课程进学校", "alliance", [f.alliance], capacity=12)
    publish_resource(
        f.committee, "党群服务中心会议室", "alliance", [f.alliance], capacity=2, category="venue"
    )
    publish_resource(f.property, "物业会议室", "community", capacity=1, category="venue")
    publish_demand(f.company, "员工志愿时长", "platform", quantity=3, category="volunteering")
    project = do_propose_project(
        actor=f.actor(f.school),
        demand_id=demand.id,
        resources=[ResourceShare(resource.id, 6)],
        title="安全课",
    )
    do_accept_project(actor=f.actor(f.police), project_id=project.id)
    do_record_project_outcome(
        actor=f.actor(f.police), project_id=project.id, people_served=40, volunteer_minutes=90
    )
    do_complete_project(actor=f.actor(f.school), project_id=project.id)
    return project


def test_alliance_stats_put_its_communities_side_by_side(federation, activity):
    # when
    stats = alliance_stats(actor=federation.actor(federation.school), alliance_id=federation.alliance.id)

    # then: the project is the school's (minle); the property's and company's listings are not the alliance's
    assert stats.name == "北站党组织联席会"
    assert figures(stats) == {"北站社区": (2, 2, 0, 0, 0, 0), "民乐社区": (1, 0, 1, 1, 1, 90)}
    assert stats.total.volunteer_hours == 1.5


def test_street_office_stats_cover_every_listing_of_its_communities(federation, activity):
    # when
    stats = street_office_stats(actor=federation.office_actor)

    # then: beizhan has committee, police, property; minle school, company; the brigade is district-level
    assert stats.name == "民治街道"
    assert figures(stats) == {
        "北站社区": (3, 3, 0, 0, 0, 0),
        "民乐社区": (2, 0, 2, 1, 1, 90),
        "区级单位": (1, 0, 0, 0, 0, 0),
    }


def test_another_street_office_and_an_organisation_cannot_read_them(federation, activity):
    f = federation
    make_community("xinniu", "新牛社区", street_office="大浪街道")
    from sharepool.platform.communities.models import StreetOffice

    other = street_office_actor(StreetOffice.objects.get(name="大浪街道").id)

    for actor, office_id in ((other, f.office.id), (f.actor(f.police), f.office.id), (other, 10**9)):
        with pytest.raises(FederationError) as refused:
            street_office_stats(actor=actor, street_office_id=office_id)
        assert refused.value.code == FederationErrorCode.STREET_OFFICE_NOT_FOUND
    with pytest.raises(FederationError) as outsider:
        alliance_stats(actor=f.actor(f.company), alliance_id=f.alliance.id)
    assert outsider.value.code == FederationErrorCode.ALLIANCE_NOT_FOUND
