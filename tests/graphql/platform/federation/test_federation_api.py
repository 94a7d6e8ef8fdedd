"""The federation over HTTP: organisation tokens on the platform host, residents on their community hosts."""

import pytest

from sharepool.platform.communities.models import Community, StreetOffice
from sharepool.platform.federation.models import ProjectActivitySignup, Resource
from sharepool.platform.federation.tokens import do_issue_organisation_token
from tests.conftest import make_community
from tests.graphql.conftest import add_member, gql, token_for
from tests.platform.federation.conftest import publish_demand, publish_resource, under_way

RESOURCES = "{ resources { totalCount items { title } } }"
FEDERATED = "{ federatedResources { totalCount items { title } } }"


def org_token(federation, organisation) -> str:
    return do_issue_organisation_token(actor=federation.actor(organisation), name="api").token


def resident_token(community: Community, username: str = "zhaofang") -> str:
    member = add_member(community.schema_name, username)
    return token_for(community.schema_name, member)


def titles(body: dict, field: str) -> set[str]:
    assert "errors" not in body, body
    return {item["title"] for item in body["data"][field]["items"]}


@pytest.fixture
def published(federation):
    f = federation
    return {
        level: publish_resource(f.police, level, level, [f.alliance] if level == "alliance" else [])
        for level in ("community", "alliance", "platform")
    }


def test_the_visibility_matrix_over_both_kinds_of_host(federation, published):
    # given
    f = federation
    xinniu_made = make_community("xinniu", "新牛社区", street_office="大浪街道")
    xinniu = Community.objects.get(slug=xinniu_made.slug)

    # when
    seen = {
        "police on the platform": titles(
            gql("localhost", RESOURCES, token=org_token(f, f.police)).json(), "resources"
        ),
        "school on the platform": titles(
            gql("localhost", RESOURCES, token=org_token(f, f.school)).json(), "resources"
        ),
        "company on the platform": titles(
            gql("localhost", RESOURCES, token=org_token(f, f.company)).json(), "resources"
        ),
        "resident on beizhan's host": titles(
            gql("beizhan.localhost", FEDERATED, token=resident_token(f.beizhan)).json(), "federatedResources"
        ),
        "resident on minle's host": titles(
            gql("minle.localhost", FEDERATED, token=resident_token(f.minle)).json(), "federatedResources"
        ),
        "resident on xinniu's host": titles(
            gql("xinniu.localhost", FEDERATED, token=resident_token(xinniu)).json(), "federatedResources"
        ),
    }

    # then
    assert seen == {
        "police on the platform": {"community", "alliance", "platform"},
        "school on the platform": {"alliance", "platform"},
        "company on the platform": {"platform"},
        "resident on beizhan's host": {"community", "alliance", "platform"},
        "resident on minle's host": {"alliance", "platform"},
        "resident on xinniu's host": {"platform"},
    }
    assert StreetOffice.objects.filter(name="大浪街道").exists()


def test_a_hidden_demand_and_a_missing_one_answer_alike(federation):
    # given
    f = federation
    demand = publish_demand(f.school, "小小文明劝导员", "alliance", [f.alliance])
    query = "query ($id: ID!) { matchDemand(demandId: $id) { title } }"
    company = org_token(f, f.company)

    # when
    hidden = gql("localhost", query, {"id": demand.id}, token=company).json()
    missing = gql("localhost", query, {"id": demand.id + 1000}, token=company).json()

    # then
    assert (
        hidden["errors"][0]["extensions"]
        == missing["errors"][0]["extensions"]
        == {
            "code": "demand_not_found",
            "field": "demandId",
        }
    )
    assert hidden["errors"][0]["message"] == missing["errors"][0]["message"] == "没有这项需求。"


def test_match_demand_explains_each_score(federation):
    # given
    f = federation
    demand = publish_demand(
        f.school,
        "小小文明劝导员",
        "alliance",
        [f.alliance],
        quantity=10,
        category="volunteering",
        tags=["志愿"],
    )
    publish_resource(
        f.police, "站区志愿岗", "alliance", [f.alliance], 10, category="volunteering", tags=["志愿"]
    )
    query = "query ($id: ID!) { matchDemand(demandId: $id) { title score capacityLeft reasons { code points message } } }"

    # when
    body = gql("localhost", query, {"id": demand.id}, token=org_token(f, f.school)).json()

    # then
    assert body["data"]["matchDemand"] == [
        {
            "title": "站区志愿岗",
            "score": 90,
            "capacityLeft": 10,
            "reasons": [
                {"code": "category", "points": 40, "message": "类别相同。"},
                {"code": "tags", "points": 10, "message": "共同标签：志愿。"},
                {"code": "time_overlap", "points": 20, "message": "在所需日期中有 100% 可用。"},
                {"code": "capacity", "points": 10, "message": "需要 10，尚余 10。"},
                {"code": "same_alliance", "points": 10, "message": "同一联席会的成员单位。"},
            ],
        }
    ]


def test_an_organisation_token_is_refused_on_a_community_host(federation):
    # given
    f = federation
    token = org_token(f, f.police)

    # when
    response = gql("beizhan.localhost", FEDERATED, token=token)

    # then
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "token_invalid"


def test_an_organisation_token_cannot_publish_for_another_organisation(federation):
    # given
    f = federation
    mutation = """mutation ($org: ID!) {
      publishResource(capacity: 5, input: {organisationId: $org, title: "冒名资源", category: "venue", visibility: "platform"}) {
        resource { id } errors { field code message }
      }
    }"""
    before = Resource.objects.count()

    # when
    body = gql("localhost", mutation, {"org": f.school.id}, token=org_token(f, f.police)).json()

    # then
    assert body["data"]["publishResource"] == {
        "resource": None,
        "errors": [
            {"field": "organisationId", "code": "organisation_not_found", "message": "没有这个组织。"}
        ],
    }
    assert Resource.objects.count() == before


def test_an_organisation_token_holds_no_staff_powers(federation):
    # given
    f = federation
    token = org_token(f, f.police)

    # when
    body = gql("localhost", "{ communities { totalCount } }", token=token).json()

    # then
    assert body["errors"][0]["extensions"]["code"] == "permission_denied"


def test_an_organisation_publishes_with_its_token_and_anonymous_callers_are_refused(federation):
    # given
    f = federation
    mutation = """mutation {
      publishResource(capacity: 24, input: {title: "交通安全课程进学校", category: "safety_education",
                      visibility: "platform", tags: ["交通安全"], windows: [{starts: "2027-01-10", ends: "2027-01-31"}]}) {
        resource { title capacityLeft visibility organisation { name } windows { starts ends } } errors { code }
      }
    }"""

    # when
    anonymous = gql("localhost", mutation).json()
    published = gql("localhost", mutation, token=org_token(f, f.police)).json()

    # then
    assert anonymous["data"]["publishResource"]["errors"] == [{"code": "authentication_required"}]
    assert published["data"]["publishResource"] == {
        "resource": {
            "title": "交通安全课程进学校",
            "capacityLeft": 24,
            "visibility": "PLATFORM",
            "organisation": {"name": "北站公交派出所"},
            "windows": [{"starts": "2027-01-10", "ends": "2027-01-31"}],
        },
        "errors": [],
    }
    assert Resource.objects.filter(title="交通安全课程进学校").count() == 1


def test_a_minle_resident_sees_and_joins_an_activity_of_a_beizhan_project(federation):
    # given: the demo-like project between the school (minle) and the police (beizhan)
    from sharepool.platform.federation.projects import do_accept_project, do_plan_project_year
    from tests.platform.federation.test_projects import next_year, propose, schedule

    f = federation
    demand = publish_demand(f.school, "学生交通安全培训", "alliance", [f.alliance], quantity=6)
    resource = publish_resource(f.police, "交通安全课程进学校", "alliance", [f.alliance], capacity=12)
    project = propose(f, demand, resource)
    for organisation in (f.school, f.police):
        do_accept_project(actor=f.actor(organisation), project_id=project.id)
    do_plan_project_year(actor=f.actor(f.committee), project_id=project.id, year=next_year())
    activity = schedule(f, project)
    token = resident_token(f.minle)

    # when
    listed = gql(
        "minle.localhost", "{ projectActivities { items { id title hostCommunity { slug } } } }", token=token
    ).json()
    signed = gql(
        "minle.localhost",
        "mutation ($id: ID!) { signUpForProjectActivity(activityId: $id) { activity { id } errors { code } } }",
        {"id": activity.id},
        token=token,
    ).json()

    # then
    assert listed["data"]["projectActivities"]["items"] == [
        {"id": str(activity.id), "title": "寒假站区文明劝导", "hostCommunity": {"slug": "beizhan"}}
    ]
    assert signed["data"]["signUpForProjectActivity"] == {"activity": {"id": str(activity.id)}, "errors": []}
    assert list(ProjectActivitySignup.objects.values_list("community__slug", "display_name")) == [
        ("minle", "zhaofang")
    ]


def test_street_office_staff_read_their_figures_side_by_side(federation, staff_token):
    # given
    f = federation
    publish_resource(f.police, "交通安全课程进学校", "alliance", [f.alliance], capacity=12)
    publish_demand(f.school, "学生交通安全培训", "alliance", [f.alliance], quantity=6)
    query = """query ($alliance: ID!) {
      streetOfficeStats { name communities { communityName organisations resources demands } total { resources } }
      allianceStats(allianceId: $alliance) { name communities { communityName organisations resources demands } }
    }"""

    # when
    body = gql("localhost", query, {"alliance": f.alliance.id}, token=staff_token).json()

    # then
    assert body["data"]["streetOfficeStats"] == {
        "name": "民治街道",
        "communities": [
            {"communityName": "北站社区", "organisations": 3, "resources": 1, "demands": 0},
            {"communityName": "民乐社区", "organisations": 2, "resources": 0, "demands": 1},
            {"communityName": "区级单位", "organisations": 1, "resources": 0, "demands": 0},
        ],
        "total": {"resources": 1},
    }
    assert body["data"]["allianceStats"] == {
        "name": "北站党组织联席会",
        "communities": [
            {"communityName": "北站社区", "organisations": 2, "resources": 1, "demands": 0},
            {"communityName": "民乐社区", "organisations": 1, "resources": 0, "demands": 1},
        ],
    }


def test_an_organisation_cannot_read_a_street_offices_figures(federation):
    body = gql(
        "localhost", "{ streetOfficeStats { name } }", token=org_token(federation, federation.police)
    ).json()

    assert body["data"]["streetOfficeStats"] is None
    assert body["errors"][0]["extensions"]["code"] == "street_office_not_found"


def test_contacts_show_only_to_those_who_manage_the_organisation_and_lists_do_not_grow_queries(
    federation, staff_token
):
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sharepool.platform.federation.models import OrganisationContact

    f = federation
    for organisation in (f.police, f.school, f.company):
        OrganisationContact.objects.create(organisation=organisation, name="联络员", phone="13800138000")
    query = "{ organisations(limit: 100) { totalCount items { name contacts { phone } homeCommunity { slug } streetOffice { name } } } }"

    # when
    as_school = gql("localhost", query, token=org_token(f, f.school)).json()
    with CaptureQueriesContext(connection) as queries:
        as_office = gql("localhost", query, token=staff_token).json()

    # then
    contacts_seen = {item["name"]: item["contacts"] for item in as_school["data"]["organisations"]["items"]}
    assert contacts_seen["民乐小学"] == [{"phone": "13800138000"}]
    assert contacts_seen["北站公交派出所"] == [] and contacts_seen["民乐某公司"] == []
    office_items = as_office["data"]["organisations"]["items"]
    assert as_office["data"]["organisations"]["totalCount"] == 6
    assert sum(len(item["contacts"]) for item in office_items) == 3
    # one query per relation, whatever the number of organisations
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len([s for s in selects if "federation_organisationcontact" in s]) == 1
    assert len([s for s in selects if '"communities_community"' in s and "IN (" in s]) <= 1


def test_the_lead_awards_an_activity_over_the_api_and_a_minle_resident_is_credited(federation):
    # given: a minle resident signed up to a beizhan-hosted activity (180 minutes), checked in by the
    # committee over the API; a beizhan resident signed up who did not come
    from django_tenants.utils import schema_context

    from sharepool.platform.federation.projects import do_sign_up_for_project_activity
    from sharepool.tenants.ledger.models import Account

    f = federation
    demand = publish_demand(f.school, "学生交通安全培训", "alliance", [f.alliance], quantity=6)
    resource = publish_resource(f.police, "交通安全课程进学校", "alliance", [f.alliance], capacity=12)
    from sharepool.platform.federation.projects import do_accept_project, do_plan_project_year
    from tests.platform.federation.test_projects import next_year, propose, schedule

    project = propose(f, demand, resource)
    for organisation in (f.school, f.police):
        do_accept_project(actor=f.actor(organisation), project_id=project.id)
    do_plan_project_year(actor=f.actor(f.committee), project_id=project.id, year=next_year())
    activity = schedule(f, project, minutes=180)
    resident = add_member(f.minle.schema_name, "zhaofang")
    absent = add_member(f.beizhan.schema_name, "lihua")
    do_sign_up_for_project_activity(actor=f.resident(f.minle, resident.id, "赵芳"), activity_id=activity.id)
    do_sign_up_for_project_activity(actor=f.resident(f.beizhan, absent.id, "李华"), activity_id=activity.id)
    committee = org_token(f, f.committee)
    under_way(activity)
    checked = gql(
        "localhost",
        """mutation ($id: ID!, $community: ID!, $member: ID!) {
          checkInToProjectActivity(activityId: $id, communityId: $community, memberId: $member) {
            signup { community { slug } memberId displayName checkedInAt } errors { code } } }""",
        {"id": activity.id, "community": f.minle.id, "member": resident.id},
        token=committee,
    ).json()
    mutation = """mutation ($id: ID!) { awardProjectActivity(activityId: $id) {
      activity { status } residentsCredited throughClearing minutes errors { code } } }"""

    # when
    refused = gql("localhost", mutation, {"id": activity.id}, token=org_token(f, f.company)).json()
    body = gql("localhost", mutation, {"id": activity.id}, token=committee).json()

    # then
    signup = checked["data"]["checkInToProjectActivity"]
    assert signup["errors"] == [] and signup["signup"]["checkedInAt"] is not None
    assert {key: value for key, value in signup["signup"].items() if key != "checkedInAt"} == {
        "community": {"slug": "minle"},
        "memberId": str(resident.id),
        "displayName": "赵芳",
    }
    assert refused["data"]["awardProjectActivity"]["errors"] == [{"code": "activity_not_found"}]
    assert body["data"]["awardProjectActivity"] == {
        "activity": {"status": "AWARDED"},
        "residentsCredited": 1,
        "throughClearing": 1,
        "minutes": 180,
        "errors": [],
    }
    with schema_context(f.minle.schema_name):
        assert Account.objects.get(member_id=resident.id).balance == 180
    with schema_context(f.beizhan.schema_name):  # lihua, who did not come, has nothing
        assert {str(a): a.balance for a in Account.objects.exclude(balance=0)} == {
            "community_pool": -180,
            "clearing:minle": 180,
        }


ACTIVITIES_OF_PROJECTS = """{ projects { items { activities {
  id checkInCode signups { community { slug } memberId displayName checkedInAt } } } } }"""
PROJECT_ACTIVITIES = "{ projectActivities { items { id checkInCode signups { memberId } } } }"
CHECK_IN_WITH_CODE = """mutation ($id: ID!, $code: String) {
  checkInToProjectActivity(activityId: $id, code: $code) {
    signup { community { slug } displayName checkedInAt } errors { code } } }"""


def test_the_organisations_read_the_code_and_sign_ups_and_a_resident_checks_in_on_their_own_host(
    federation, joint_activity
):
    # given: zhaofang (minle) and lihua (beizhan) signed up to the beizhan-hosted activity
    from tests.platform.federation.conftest import member_id

    f = federation
    zhaofang = token_for(f.minle.schema_name, member_with_username(f.minle, "zhaofang"))

    # when
    as_committee = gql("localhost", ACTIVITIES_OF_PROJECTS, token=org_token(f, f.committee)).json()
    as_company = gql("localhost", ACTIVITIES_OF_PROJECTS, token=org_token(f, f.company)).json()
    as_resident = gql("minle.localhost", PROJECT_ACTIVITIES, token=zhaofang).json()
    under_way(joint_activity)  # then, on the day
    wrong = gql(
        "minle.localhost", CHECK_IN_WITH_CODE, {"id": joint_activity.id, "code": "WRONG1"}, token=zhaofang
    )
    right = gql(
        "minle.localhost",
        CHECK_IN_WITH_CODE,
        {"id": joint_activity.id, "code": joint_activity.check_in_code.lower()},
        token=zhaofang,
    )
    after = gql("localhost", ACTIVITIES_OF_PROJECTS, token=org_token(f, f.police)).json()

    # then: the project's organisations see the code and who signed up; a resident and an outsider do not
    [activity] = as_committee["data"]["projects"]["items"][0]["activities"]
    assert activity["checkInCode"] == joint_activity.check_in_code
    assert sorted(
        (s["community"]["slug"], s["memberId"], s["displayName"], s["checkedInAt"])
        for s in activity["signups"]
    ) == [
        ("beizhan", str(member_id(f.beizhan, "lihua")), "lihua", None),
        ("minle", str(member_id(f.minle, "zhaofang")), "zhaofang", None),
    ]
    assert as_company["data"]["projects"]["items"] == []
    assert as_resident["data"]["projectActivities"]["items"] == [
        {"id": str(joint_activity.id), "checkInCode": None, "signups": None}
    ]
    assert wrong.json()["data"]["checkInToProjectActivity"] == {
        "signup": None,
        "errors": [{"code": "code_invalid"}],
    }
    checked = right.json()["data"]["checkInToProjectActivity"]
    assert checked["errors"] == [] and checked["signup"]["checkedInAt"] is not None
    assert (checked["signup"]["community"], checked["signup"]["displayName"]) == (
        {"slug": "minle"},
        "zhaofang",
    )
    [activity] = after["data"]["projects"]["items"][0]["activities"]
    assert sorted((s["community"]["slug"], s["checkedInAt"] is not None) for s in activity["signups"]) == [
        ("beizhan", False),
        ("minle", True),
    ]


def member_with_username(community, username):
    from django_tenants.utils import schema_context

    from sharepool.tenants.members.models import Member

    with schema_context(community.schema_name):
        return Member.objects.get(user__username=username)


CHECK_IN_PLATFORM = """mutation ($id: ID!, $community: ID!, $member: ID!) {
  checkInToProjectActivity(activityId: $id, communityId: $community, memberId: $member) {
    signup { checkedInAt } errors { code } } }"""
CHECK_IN_COMMUNITY = """mutation ($id: ID!, $code: String, $community: ID, $member: ID) {
  checkInToProjectActivity(activityId: $id, code: $code, communityId: $community, memberId: $member) {
    signup { checkedInAt } errors { code } } }"""

# identity -> (host, what it sends, the outcome); lihua is a beizhan resident signed up
CHECK_IN_BY_IDENTITY = {
    "anonymous on the platform": ("localhost", "lihua", "authentication_required"),
    "an organisation outside the project": ("localhost", "lihua", "activity_not_found"),
    "the project's lead": ("localhost", "lihua", "ok"),
    "a resource provider of the project": ("localhost", "lihua", "ok"),
    "the street office": ("localhost", "lihua", "ok"),
    "another street office": ("localhost", "lihua", "activity_not_found"),
    "an operator": ("localhost", "lihua", "ok"),
    "anonymous on beizhan's host": ("beizhan.localhost", "code", "authentication_required"),
    "an applicant with the code": ("beizhan.localhost", "code", "permission_denied"),
    "lihua with the code": ("beizhan.localhost", "code", "ok"),
    "lihua with a wrong code": ("beizhan.localhost", "wrong code", "code_invalid"),
    "a resident naming lihua": ("beizhan.localhost", "lihua", "not_allowed"),
    "a beizhan worker naming lihua": ("beizhan.localhost", "lihua", "ok"),
    "a minle worker naming lihua": ("minle.localhost", "lihua", "ok"),
}


def identity_token(federation, identity: str) -> str | None:
    from tests.conftest import make_community
    from tests.graphql.platform.conftest import staff_token

    f = federation
    if identity.startswith("anonymous"):
        return None
    organisations = {
        "an organisation outside the project": f.company,
        "the project's lead": f.committee,
        "a resource provider of the project": f.police,
    }
    if identity in organisations:
        return org_token(f, organisations[identity])
    if identity == "the street office":
        return staff_token("minzhi", "民治街道")
    if identity == "another street office":
        make_community("qinghu", "清湖社区", street_office="龙华街道")
        return staff_token("longhua", "龙华街道")
    if identity == "an operator":
        return staff_token("operator", None)
    if identity.startswith("lihua"):
        return token_for(f.beizhan.schema_name, member_with_username(f.beizhan, "lihua"))
    community, role, status = {
        "an applicant with the code": (f.beizhan, "resident", "pending"),
        "a resident naming lihua": (f.beizhan, "resident", "active"),
        "a beizhan worker naming lihua": (f.beizhan, "worker", "active"),
        "a minle worker naming lihua": (f.minle, "worker", "active"),
    }[identity]
    return token_for(
        community.schema_name, add_member(community.schema_name, "caller", role=role, status=status)
    )


def signups_state() -> list:
    return list(ProjectActivitySignup.objects.order_by("id").values())


@pytest.mark.parametrize("identity", list(CHECK_IN_BY_IDENTITY))
def test_check_in_to_a_project_activity_as_every_identity(federation, joint_activity, identity):
    # given
    f = federation
    host, sends, expected = CHECK_IN_BY_IDENTITY[identity]
    under_way(joint_activity)
    token = identity_token(f, identity)
    lihua = member_with_username(f.beizhan, "lihua")
    variables = {"id": joint_activity.id}
    if sends == "lihua":
        variables |= {"community": f.beizhan.id, "member": lihua.id}
    else:
        variables["code"] = joint_activity.check_in_code if sends == "code" else "WRONG1"
    before = signups_state()

    # when
    response = gql(
        host, CHECK_IN_PLATFORM if host == "localhost" else CHECK_IN_COMMUNITY, variables, token=token
    )

    # then
    assert response.status_code == 200
    payload = response.json()["data"]["checkInToProjectActivity"]
    outcome = payload["errors"][0]["code"] if payload["errors"] else "ok"
    assert outcome == expected
    checked = ProjectActivitySignup.objects.filter(activity=joint_activity).exclude(checked_in_at=None)
    if expected == "ok":
        assert list(checked.values_list("community__slug", "member_id")) == [("beizhan", lihua.id)]
    else:
        assert signups_state() == before


PROJECT_ENDS = """mutation ($id: ID!) {
  completeProject(projectId: $id) { project { status } errors { code } }
  cancelProject(projectId: $id) { project { status } errors { code } } }"""
COMPLETE_PROJECT = (
    """mutation ($id: ID!) { completeProject(projectId: $id) { project { status } errors { code } } }"""
)
CANCEL_PROJECT = (
    """mutation ($id: ID!) { cancelProject(projectId: $id) { project { status } errors { code } } }"""
)


def project_state(project, demand, resource) -> tuple:
    project.refresh_from_db()
    demand.refresh_from_db()
    resource.refresh_from_db()
    return project.status, demand.status, resource.capacity_committed


def test_only_the_lead_completes_or_cancels_a_project_over_the_api(federation):
    # given: an active project led by the party committee, between the school's demand and the police's classes
    from sharepool.platform.federation.projects import do_accept_project
    from tests.platform.federation.test_projects import propose

    f = federation
    demand = publish_demand(f.school, "学生交通安全培训", "alliance", [f.alliance], quantity=6)
    resource = publish_resource(f.police, "交通安全课程进学校", "alliance", [f.alliance], capacity=12)
    project = propose(f, demand, resource)
    for organisation in (f.school, f.police):
        do_accept_project(actor=f.actor(organisation), project_id=project.id)
    other_demand = publish_demand(f.school, "学生急救培训", "alliance", [f.alliance], quantity=2)
    proposed = propose(f, other_demand, resource, quantity=2)
    before = project_state(project, demand, resource)
    committee = org_token(f, f.committee)

    # when: a participant that does not lead, an organisation outside the project, an id that names nothing
    by_school = gql("localhost", PROJECT_ENDS, {"id": project.id}, token=org_token(f, f.school)).json()
    by_company = gql("localhost", PROJECT_ENDS, {"id": project.id}, token=org_token(f, f.company)).json()
    missing = gql("localhost", PROJECT_ENDS, {"id": "not-an-id"}, token=committee).json()
    unchanged = project_state(project, demand, resource)
    completed = gql("localhost", COMPLETE_PROJECT, {"id": project.id}, token=committee).json()
    completed_again = gql("localhost", CANCEL_PROJECT, {"id": project.id}, token=committee).json()
    cancelled = gql("localhost", CANCEL_PROJECT, {"id": proposed.id}, token=committee).json()

    # then
    for body, code in (
        (by_school, "not_allowed"),
        (by_company, "project_not_found"),
        (missing, "project_not_found"),
    ):
        assert body["data"] == {
            "completeProject": {"project": None, "errors": [{"code": code}]},
            "cancelProject": {"project": None, "errors": [{"code": code}]},
        }
    assert before == unchanged == ("active", "open", 8)  # 6 for the active project, 2 for the proposed one
    assert completed["data"]["completeProject"] == {"project": {"status": "COMPLETED"}, "errors": []}
    assert completed_again["data"]["cancelProject"] == {
        "project": None,
        "errors": [{"code": "project_state_invalid"}],
    }
    assert cancelled["data"]["cancelProject"] == {"project": {"status": "CANCELLED"}, "errors": []}
    assert project_state(project, demand, resource) == ("completed", "met", 0)
