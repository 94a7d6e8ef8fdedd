"""The visibility matrix: each level, read by every kind of reader, on both kinds of host.

On the platform host the reader is an organisation (or street-office staff); on a community host it is
that community's resident. Missing and forbidden give exactly the same error.
"""

import pytest

from sharepool.platform.communities.models import Community
from sharepool.platform.federation.access import access_demand, access_resource
from sharepool.platform.federation.actors import operator_actor, resident_actor, street_office_actor
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.listings import demands_for, do_withdraw_resource, resources_for
from sharepool.platform.federation.models import Resource
from tests.conftest import make_community
from tests.platform.federation.conftest import publish_demand, publish_resource

ALL = {"community", "alliance", "platform"}

# reader -> the levels of 北站公交派出所's resources it sees
MATRIX = {
    "police (owner, beizhan, in the alliance)": ALL,
    "committee (beizhan, in the alliance)": ALL,
    "school (minle, in the alliance)": {"alliance", "platform"},
    "property (beizhan, outside the alliance)": {"community", "platform"},
    "company (minle, outside the alliance)": {"platform"},
    "brigade (no home community, outside)": {"platform"},
    "resident on beizhan's host": ALL,
    "resident on minle's host (minle is in the alliance)": {"alliance", "platform"},
    "resident on xinniu's host (another street office)": {"platform"},
    "staff of 民治街道": ALL,
    "staff of 大浪街道": {"platform"},
    "operator": ALL,
}


def reader(federation, xinniu, name):
    f = federation
    return {
        "police (owner, beizhan, in the alliance)": f.actor(f.police),
        "committee (beizhan, in the alliance)": f.actor(f.committee),
        "school (minle, in the alliance)": f.actor(f.school),
        "property (beizhan, outside the alliance)": f.actor(f.property),
        "company (minle, outside the alliance)": f.actor(f.company),
        "brigade (no home community, outside)": f.actor(f.brigade),
        "resident on beizhan's host": f.resident(f.beizhan),
        "resident on minle's host (minle is in the alliance)": f.resident(f.minle),
        "resident on xinniu's host (another street office)": resident_actor(
            community_id=xinniu.id, member_id=7, display_name="x"
        ),
        "staff of 民治街道": f.office_actor,
        "staff of 大浪街道": street_office_actor(xinniu.street_office_id),
        "operator": operator_actor(),
    }[name]


@pytest.fixture
def xinniu(db):
    make_community("xinniu", "新牛社区", street_office="大浪街道")
    return Community.objects.get(slug="xinniu")


@pytest.fixture
def published(federation):
    f = federation
    return {
        "community": publish_resource(f.police, "community", "community"),
        "alliance": publish_resource(f.police, "alliance", "alliance", [f.alliance]),
        "platform": publish_resource(f.police, "platform", "platform"),
    }


def test_each_reader_sees_exactly_its_levels_of_resources(federation, xinniu, published):
    # when
    seen = {name: {r.title for r in resources_for(reader(federation, xinniu, name))} for name in MATRIX}

    # then
    assert seen == MATRIX
    for name, levels in MATRIX.items():
        for level in levels:
            resource = published[level]
            assert access_resource(reader(federation, xinniu, name), resource.id).id == resource.id


def test_a_hidden_resource_and_a_missing_one_give_the_same_answer(federation, xinniu, published):
    # given
    missing_id = max(r.id for r in published.values()) + 1000
    hidden_pairs = [(name, level) for name, levels in MATRIX.items() for level in ALL - levels]
    assert len(hidden_pairs) == 11

    for name, level in hidden_pairs:
        actor = reader(federation, xinniu, name)
        # when
        with pytest.raises(FederationError) as hidden:
            access_resource(actor, published[level].id)
        with pytest.raises(FederationError) as missing:
            access_resource(actor, missing_id)

        # then
        assert hidden.value.code == missing.value.code == FederationErrorCode.RESOURCE_NOT_FOUND
        assert str(hidden.value.message) == str(missing.value.message)
        assert hidden.value.field == missing.value.field


def test_demands_follow_the_same_matrix(federation, xinniu):
    # given
    f = federation
    publish_demand(f.police, "community", "community")
    publish_demand(f.police, "alliance", "alliance", [f.alliance])
    publish_demand(f.police, "platform", "platform")

    # when
    seen = {name: {d.title for d in demands_for(reader(f, xinniu, name))} for name in MATRIX}

    # then
    assert seen == MATRIX


def test_a_withdrawn_resource_is_gone_for_everyone_but_its_owner(federation, published):
    # given
    f = federation
    do_withdraw_resource(actor=f.actor(f.police), resource_id=published["platform"].id)

    # when
    seen_by_school = {r.title for r in resources_for(f.actor(f.school))}
    seen_by_owner = {r.title for r in resources_for(f.actor(f.police), include_closed=True)}

    # then
    assert seen_by_school == {"alliance"}
    assert seen_by_owner == ALL
    with pytest.raises(FederationError) as refused:
        access_resource(f.resident(f.minle), published["platform"].id)
    assert refused.value.code == FederationErrorCode.RESOURCE_NOT_FOUND


def test_leaving_the_alliance_takes_the_organisations_listings_out_of_it(federation, published):
    # given
    from sharepool.platform.federation.alliances import do_leave_alliance

    f = federation
    publish_demand(f.police, "alliance demand", "alliance", [f.alliance])

    # when
    do_leave_alliance(actor=f.actor(f.police), alliance_id=f.alliance.id)

    # then: the school (still a member) no longer sees them; the owner still does
    assert {r.title for r in resources_for(f.actor(f.school))} == {"platform"}
    assert {d.title for d in demands_for(f.actor(f.school))} == set()
    assert Resource.objects.get(id=published["alliance"].id).alliances.count() == 0
    assert {r.title for r in resources_for(f.actor(f.police))} == ALL


def test_an_organisation_cannot_publish_to_an_alliance_it_is_not_in(federation):
    # given
    f = federation
    before = Resource.objects.count()

    # when
    with pytest.raises(FederationError) as refused:
        publish_resource(f.company, "sneaky", "alliance", [f.alliance])

    # then: the same answer as for an alliance that does not exist
    assert refused.value.code == FederationErrorCode.ALLIANCE_NOT_FOUND
    assert Resource.objects.count() == before


def test_a_district_level_unit_cannot_publish_to_a_community(federation):
    f = federation
    before = Resource.objects.count()

    with pytest.raises(FederationError) as refused:
        publish_resource(f.brigade, "交通安全课程", "community")

    assert refused.value.code == FederationErrorCode.NO_HOME_COMMUNITY
    assert Resource.objects.count() == before


def test_a_demand_seen_by_nobody_outside_cannot_be_reached_by_id(federation):
    f = federation
    demand = publish_demand(f.school, "小小文明劝导员", "alliance", [f.alliance])

    with pytest.raises(FederationError) as refused:
        access_demand(f.actor(f.company), demand.id)

    assert refused.value.code == FederationErrorCode.DEMAND_NOT_FOUND
    assert access_demand(f.actor(f.police), demand.id).id == demand.id
