"""From a phone, in a real Chromium (issue 13): a worker creates the council, gives two seats and ends one;
a worker registers an organisation of the community in the street office's federation. Minle, of the same
street office, gets none of it."""

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from sharepool.platform.federation.models import FederatedOrganisation
from sharepool.tenants.council.models import Council, Seat
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import CommunityOrganisation
from sharepool.tenants.neighbourhood.services import OrganisationDetails, do_register_community_organisation
from tests.graphql.conftest import add_member
from tests.web.browser.test_council_console import sign_in


@pytest.fixture
def communities(committed_communities):
    made = committed_communities("beizhan", name="北站社区"), committed_communities("minle", name="民乐社区")
    yield made
    # Committed federation rows hold their home community: gone before the communities are dropped.
    FederatedOrganisation.objects.filter(home_community__slug__in=[c.slug for c in made]).delete()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_worker_creates_the_council_gives_two_seats_and_ends_one(site_server, communities, phone):
    beizhan, minle = communities
    schema = beizhan.schema_name
    with transaction.atomic():
        add_member(schema, "shegong", role=Member.Role.WORKER, display_name="王社工")
        zhao = add_member(schema, "louzhang", display_name="赵楼长")
        qian = add_member(schema, "daibiao", display_name="钱代表")

    # when: the council created from its page, the rules as prefilled but a quorum of 2
    sign_in(phone, site_server, beizhan, "shegong", "/council/")
    phone.locator("[data-new-council]").click()
    assert phone.locator("#id_speechSeconds").input_value() == "180"
    phone.fill("#id_name", "北站社区居民议事会")
    phone.fill("#id_quorum", "2")
    assert fits_the_phone(phone)
    phone.get_by_role("button", name="设立议事会").click()
    phone.wait_for_load_state()

    # and: two seats given by member number, then the representative's seat ended
    for member, kind in ((zhao, "building_head"), (qian, "representative")):
        phone.fill("#id_memberNumber", str(member.member_number))
        phone.select_option("#id_kind", kind)
        phone.get_by_role("button", name="授予席位").click()
        phone.wait_for_load_state()
    phone.locator("[data-seat]", has_text="钱代表").get_by_role("button", name="结束席位").click()
    phone.wait_for_load_state()

    # then: the page and the rows agree
    main = phone.locator("main").inner_text()
    assert "有表决权成员 1 名；法定人数 2 名" in main
    assert phone.locator("[data-seats] [data-seat]").count() == 1
    assert "赵楼长" in phone.locator("[data-seats]").inner_text()
    assert "钱代表" in phone.locator("[data-ended-seats]").inner_text()
    assert fits_the_phone(phone)
    with schema_context(schema), transaction.atomic():
        council = Council.objects.get()
        assert (council.name, council.quorum) == ("北站社区居民议事会", 2)
        seats = [(s.member_id, s.kind, s.until is None) for s in Seat.objects.order_by("id")]
        assert seats == [(zhao.id, "building_head", True), (qian.id, "representative", False)]
    with schema_context(minle.schema_name), transaction.atomic():
        assert (Council.objects.count(), Seat.objects.count()) == (0, 0)


def test_a_worker_registers_an_organisation_in_the_federation(site_server, communities, phone):
    beizhan, minle = communities
    schema = beizhan.schema_name
    with transaction.atomic():
        worker = add_member(schema, "shegong", role=Member.Role.WORKER, display_name="王社工")
    with schema_context(schema), transaction.atomic():
        readers = do_register_community_organisation(
            actor=worker, details=OrganisationDetails(name="北站社区读书会", kind="culture_sports")
        )
    page = f"/organisations/{readers.id}/edit/"

    # when
    sign_in(phone, site_server, beizhan, "shegong", page)
    phone.fill("#id_federation_description", "每月共读一本书")
    phone.get_by_role("button", name="登记加入街道联盟").click()
    phone.wait_for_url(site_server.url(beizhan, page))

    # then
    assert "该组织已在街道联盟中登记。" in phone.locator("main").inner_text()
    assert phone.locator("[data-register-in-federation]").count() == 0
    assert fits_the_phone(phone)
    with schema_context(schema), transaction.atomic():
        linked = CommunityOrganisation.objects.get(id=readers.id).federated_organisation_id
    federated = FederatedOrganisation.objects.get(id=linked)
    assert (federated.name, federated.kind, federated.description, federated.home_community.slug) == (
        "北站社区读书会",
        "social_culture_sports",
        "每月共读一本书",
        beizhan.slug,
    )
    with schema_context(minle.schema_name), transaction.atomic():
        assert CommunityOrganisation.objects.count() == 0
