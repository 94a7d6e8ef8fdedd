"""matchDemand: only what the demand's organisation may see, in a stable order, each score explained."""

from datetime import date

import pytest

from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.listings import Window, do_withdraw_resource
from sharepool.platform.federation.matching import match_demand
from tests.platform.federation.conftest import publish_demand, publish_resource

WINTER = [Window(date(2027, 1, 15), date(2027, 2, 20))]  # 37 days


@pytest.fixture
def demand(federation):
    f = federation
    return publish_demand(
        f.school,
        "小小文明劝导员",
        "alliance",
        [f.alliance],
        quantity=20,
        category="volunteering",
        tags=["志愿", "寒假"],
        windows=WINTER,
    )


@pytest.fixture
def resources(federation):
    f = federation
    v = "volunteering"
    made = {
        "police": publish_resource(
            f.police,
            "站区志愿岗",
            "alliance",
            [f.alliance],
            30,
            category=v,
            tags=["志愿", "交通"],
            windows=[Window(date(2027, 1, 1), date(2027, 2, 28))],
        ),
        "company": publish_resource(f.company, "公司志愿队", "platform", capacity=10, category=v),
        "property_hidden": publish_resource(f.property, "物业志愿者", "community", capacity=50, category=v),
        "brigade_safety": publish_resource(
            f.brigade, "交通安全课程", "platform", capacity=40, category="safety_education", tags=["寒假"]
        ),
        "police_march": publish_resource(
            f.police,
            "三月志愿岗",
            "alliance",
            [f.alliance],
            30,
            category=v,
            windows=[Window(date(2027, 3, 1), date(2027, 3, 31))],
        ),
        "company_venue": publish_resource(f.company, "会议室", "platform", capacity=5, category="venue"),
        "committee_february": publish_resource(
            f.committee,
            "党员志愿者",
            "alliance",
            [f.alliance],
            20,
            category=v,
            windows=[Window(date(2027, 2, 1), date(2027, 2, 28))],
        ),
        "brigade_first": publish_resource(f.brigade, "交警志愿者甲", "platform", capacity=20, category=v),
        "brigade_second": publish_resource(f.brigade, "交警志愿者乙", "platform", capacity=20, category=v),
        "withdrawn": publish_resource(f.brigade, "已撤回", "platform", capacity=20, category=v),
    }
    do_withdraw_resource(actor=f.actor(f.brigade), resource_id=made["withdrawn"].id)
    return made


def test_matching_ranks_only_visible_resources_with_their_reasons(federation, demand, resources):
    # when
    matches = match_demand(actor=federation.actor(federation.school), demand_id=demand.id)

    # then: the property's community-only resource, the March one, the venue and the withdrawn one are out
    assert [(m.title, m.score) for m in matches] == [
        ("站区志愿岗", 90),
        ("公司志愿队", 80),
        ("党员志愿者", 71),
        ("交警志愿者甲", 70),
        ("交警志愿者乙", 70),
        ("交通安全课程", 40),
    ]
    best = matches[0]
    assert [(r.code, r.points) for r in best.reasons] == [
        ("category", 40),
        ("tags", 10),
        ("time_overlap", 20),
        ("capacity", 10),
        ("same_alliance", 10),
    ]
    assert best.reasons[1].message == "共同标签：志愿。"
    assert best.capacity_left == 30
    company = matches[1]
    assert [(r.code, r.points) for r in company.reasons] == [
        ("category", 40),
        ("time_overlap", 20),
        ("capacity", 5),
        ("same_community", 15),
    ]
    february = matches[2]
    # Feb 1-20 is 20 of the 37 days needed
    assert [(r.code, r.points) for r in february.reasons if r.code == "time_overlap"] == [
        ("time_overlap", 11)
    ]
    assert all(m.score == sum(r.points for r in m.reasons) for m in matches)


def test_ties_keep_a_stable_order_and_a_second_call_gives_the_same_answer(federation, demand, resources):
    # when
    first = match_demand(actor=federation.actor(federation.school), demand_id=demand.id)
    second = match_demand(actor=federation.actor(federation.school), demand_id=demand.id)

    # then
    assert first == second
    ties = [m.resource_id for m in first if m.score == 70]
    assert ties == [resources["brigade_first"].id, resources["brigade_second"].id]


def test_a_manager_matching_on_the_demands_behalf_sees_what_the_organisation_sees(
    federation, demand, resources
):
    # given: the street office sees the property's community-only resource itself
    f = federation

    # when
    matches = match_demand(actor=f.office_actor, demand_id=demand.id)

    # then: the same list as the school's own
    assert [m.title for m in matches] == [
        "站区志愿岗",
        "公司志愿队",
        "党员志愿者",
        "交警志愿者甲",
        "交警志愿者乙",
        "交通安全课程",
    ]


def test_only_those_who_manage_the_demand_may_match_it(federation, demand, resources):
    # given: the police sees the demand but does not own it
    f = federation

    for actor in (f.actor(f.police), f.actor(f.company), f.resident(f.minle)):
        # when
        with pytest.raises(FederationError) as refused:
            match_demand(actor=actor, demand_id=demand.id)
        with pytest.raises(FederationError) as missing:
            match_demand(actor=actor, demand_id=demand.id + 1000)

        # then
        assert refused.value.code == missing.value.code == FederationErrorCode.DEMAND_NOT_FOUND
