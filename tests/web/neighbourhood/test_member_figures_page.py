"""Who the members are, by category, on the figures page (issue 13: "figures by category in stats"):
shown to members as the API's `stats` is, not to visitors, and counted per community."""

from datetime import date

from sharepool.tenants.neighbourhood.models import Building, BuildingHead, Estate
from sharepool.tenants.neighbourhood.services import do_set_member_standing
from tests.web.pages import back_to, client_of


def test_members_see_party_members_and_building_heads_counted_visitors_do_not(world, beizhan, minle):
    # given: 李 an in-service party member, 张 a party member and head of two buildings
    cast = world.cast
    do_set_member_standing(
        actor=cast.worker, member_id=cast.alice.id, party="in_service", reported_in_on=date(2019, 3, 1)
    )
    do_set_member_standing(actor=cast.worker, member_id=cast.bob.id, party="member")
    do_set_member_standing(actor=cast.worker, member_id=cast.office.id, collective_kind="property_management")
    estate = Estate.objects.create(name="创业花园", kind="urban_village")
    buildings = [Building.objects.create(estate=estate, name=f"{n}栋") for n in (1, 2)]
    BuildingHead.objects.create(member=cast.bob, since="2019-01-01").buildings.set(buildings)
    member = client_of(beizhan, cast.carol)
    other = client_of(minle, world.minle.carol)

    # when
    seen = member.get("/stats/").content.decode()
    visitor = client_of(beizhan, cast.carol)
    visitor.logout()
    anonymous = visitor.get("/stats/").content.decode()
    elsewhere = other.get("/stats/").content.decode()
    back_to(beizhan)

    # then
    assert "会员构成" in seen
    assert 'data-category="party_members">2<' in seen
    assert 'data-category="in_service_party_members">1<' in seen
    assert 'data-category="building_heads">1<' in seen and 'data-category="buildings_covered">2<' in seen
    assert '<strong data-category="collective">1</strong>集体会员：物业管理' in seen
    assert "data-categories" not in anonymous
    assert (
        'data-category="party_members">0<' in elsewhere
        and 'data-category="buildings_covered">0<' in elsewhere
    )
    assert world.minle_untouched()
