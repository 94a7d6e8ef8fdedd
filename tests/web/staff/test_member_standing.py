"""Who a member is in the community, from the console (issue 13): setMemberStanding's domain function,
a refusal shown with nothing written, the figures by category counting them."""

from sharepool.tenants.neighbourhood.models import MemberStanding
from tests.web.pages import back_to, client_of
from tests.web.staff.conftest import members_state


def test_a_worker_records_an_in_service_party_member_and_the_figures_count_them(world, beizhan, minle):
    # given: a worker; Bob lives here and his party branch is at his workplace
    cast = world.cast
    worker = client_of(beizhan, cast.worker)
    path = f"/staff/members/{cast.bob.id}/standing/"

    # when: refused without the day he reported in, then recorded with it
    member_page = worker.get(f"/staff/members/{cast.bob.id}/").content.decode()
    before = members_state()
    refused = worker.post(path, {"party": "in_service"})
    unchanged = members_state() == before and not MemberStanding.objects.exists()
    saved = worker.post(path, {"party": "in_service", "reportedInOn": "2019-03-01"})
    figures = client_of(beizhan, cast.carol).get("/stats/").content.decode()
    back_to(beizhan)

    # then
    assert "社区身份" in member_page
    assert refused.status_code == 200 and refused.context["form"].errors["reportedInOn"]
    assert unchanged
    assert saved.status_code == 302
    standing = MemberStanding.objects.get(member=cast.bob)
    assert (standing.party, standing.reported_in_on.isoformat()) == ("in_service", "2019-03-01")
    assert 'data-category="in_service_party_members">1<' in figures
    assert world.minle_untouched()
