"""addResearch and returnReferredMotion (issue 13): a draft's research report added through the API, and a
referred motion back as a draft with the study's report; refusals with their codes, nothing written; the
same steps as the motion page's."""

from datetime import timedelta

from django.utils import timezone

from sharepool.tenants.council.models import Motion
from sharepool.tenants.council.services import do_draft_motion, do_refer_motion
from tests.graphql.conftest import gql, token_for
from tests.tenants.cast import seed_world
from tests.tenants.council.procedure import assemble, council_state, on_the_floor
from tests.web.pages import back_to

ADD = """mutation ($m: ID!, $r: String!) { addResearch(motionId: $m, research: $r) {
  motion { state } errors { code field } } }"""
RETURN = """mutation ($m: ID!, $r: String!) { returnReferredMotion(motionId: $m, report: $r) {
  motion { state } errors { code field } } }"""


def ask(community, member, query, **variables):
    answer = gql(community.domain, query, variables, token=token_for(community.schema_name, member)).json()
    back_to(community)
    return answer


def test_research_added_to_a_draft_and_a_referred_motion_returned_with_its_report(beizhan, minle):
    # given: a draft by 李; a motion referred to the building heads
    world = seed_world(beizhan, minle)
    a = assemble(world)
    draft = do_draft_motion(actor=a.voters[1], council_id=a.council.id, title="三线整治", text="线缆入地")
    referred = on_the_floor(a)
    do_refer_motion(
        actor=a.secretary,
        motion_id=referred.id,
        to="楼长协会",
        report_due=timezone.localdate() + timedelta(days=7),
    )
    before = council_state()

    # when: refused first (an outsider; an empty report), then done
    outsider = ask(beizhan, a.outsider, ADD, m=draft.id, r="调研")
    empty = ask(beizhan, a.secretary, RETURN, m=referred.id, r=" ")
    unchanged = council_state() == before and Motion.objects.get(id=draft.id).research == ""
    added = ask(beizhan, a.voters[1], ADD, m=draft.id, r="楼长调研：线缆老化。")
    returned = ask(beizhan, a.secretary, RETURN, m=referred.id, r="楼长协会的报告：可行。")
    elsewhere = gql(
        minle.domain, ADD, {"m": draft.id, "r": "x"}, token=token_for(minle.schema_name, world.minle.alice)
    )
    back_to(beizhan)

    # then
    assert outsider["data"]["addResearch"]["errors"][0]["code"] == "not_a_voting_member"
    assert empty["data"]["returnReferredMotion"]["errors"] == [{"code": "report_required", "field": "report"}]
    assert unchanged
    assert added["data"]["addResearch"] == {"motion": {"state": "DRAFT"}, "errors": []}
    assert returned["data"]["returnReferredMotion"] == {"motion": {"state": "DRAFT"}, "errors": []}
    assert Motion.objects.get(id=draft.id).research == "楼长调研：线缆老化。"
    assert "楼长协会的报告：可行。" in Motion.objects.get(id=referred.id).research
    assert elsewhere.json()["data"]["addResearch"]["errors"][0]["code"] == "motion_not_found"
    assert world.minle_untouched()
