"""/council/new/ and /council/<id>/seats/: a worker creates the council and seats its voting members from
the browser (createCouncil, giveSeat, endSeat; issue 13)."""

from sharepool.tenants.council.models import Council, Seat
from sharepool.tenants.council.services import do_create_council
from tests.tenants.council.procedure import council_state
from tests.web.pages import back_to, client_of, form_errors, queries_of

RULES = {
    "name": "北站社区居民议事会",
    "secondsRequired": "1",
    "quorum": "",
    "defaultThreshold": "majority",
    "researchRequired": "on",
    "secondWithinDays": "14",
    "speechSeconds": "180",
    "followUpDays": "30",
}


def numbered(member, number: int):
    member.member_number = number
    member.save(update_fields=["member_number"])
    return member


def test_a_worker_creates_a_council_with_the_defaults_prefilled_in_chinese(world, beizhan):
    client = client_of(beizhan, world.cast.worker)

    home = client.get("/council/").content.decode()
    page = client.get("/council/new/")
    response = client.post("/council/new/", {**RULES, "quorum": "7", "secondsRequired": "2"})

    back_to(beizhan)
    council = Council.objects.get()
    assert "data-new-council" in home and "设立议事会" in home
    html = page.content.decode()
    assert "议案须获附议人数" in html and "留空即为有表决权成员的过半数。" in html
    assert page.context["form"]["speechSeconds"].value() == 180
    assert page.context["form"]["researchRequired"].value() is True
    assert response.status_code == 302 and response["Location"] == f"/council/{council.id}/seats/"
    assert (council.name, council.quorum, council.seconds_required, council.research_required) == (
        "北站社区居民议事会",
        7,
        2,
        True,
    )
    assert world.minle_untouched()


def test_a_rule_out_of_range_or_a_taken_name_comes_back_on_its_field_and_nothing_is_written(world, beizhan):
    do_create_council(actor=world.cast.worker, name="北站社区居民议事会")
    client = client_of(beizhan, world.cast.worker)
    before = council_state()

    quorum = client.post("/council/new/", {**RULES, "name": "另一个", "quorum": "0"})
    speech = client.post("/council/new/", {**RULES, "name": "另一个", "speechSeconds": "5"})
    taken = client.post("/council/new/", RULES)

    back_to(beizhan)
    assert quorum.status_code == 400 and form_errors(quorum) == {"quorum": ["应在 1 到 1000 之间。"]}
    assert form_errors(speech) == {"speechSeconds": ["应在 30 到 3600 之间。"]}
    assert form_errors(taken) == {"name": ["已有同名的议事会。"]}
    assert council_state() == before
    assert world.minle_untouched()


def test_a_worker_gives_two_seats_by_member_number_and_ends_one(world, beizhan):
    council = do_create_council(actor=world.cast.worker, name="北站社区居民议事会")
    alice, bob = numbered(world.cast.alice, 701), numbered(world.cast.bob, 702)
    client = client_of(beizhan, world.cast.worker)
    path = f"/council/{council.id}/seats/"

    first = client.post(f"{path}give/", {"memberNumber": "701", "kind": "building_head"})
    client.post(f"{path}give/", {"memberNumber": "702", "kind": "representative"})
    back_to(beizhan)
    bobs = Seat.objects.get(member=bob)
    ended = client.post(f"{path}{bobs.id}/end/")
    page = client.get(path).content.decode()

    back_to(beizhan)
    assert first.status_code == 302 and first["Location"] == path
    assert ended.status_code == 302
    assert list(Seat.objects.filter(until__isnull=True).values_list("member_id", "kind")) == [
        (alice.id, "building_head")
    ]
    assert Seat.objects.get(id=bobs.id).until is not None
    assert 'data-seat-count="1"' in page and "有表决权成员 1 名；法定人数 1 名" in page
    assert "张阿姨" in page and "楼长" in page
    assert f'data-ended-seat="{bobs.id}"' in page and "已离开议事会" in page
    assert world.minle_untouched()


def test_a_seat_refused_comes_back_in_chinese_on_the_number_and_nothing_is_written(world, beizhan):
    council = do_create_council(actor=world.cast.worker, name="北站社区居民议事会")
    numbered(world.cast.alice, 701)
    numbered(world.cast.office, 709)
    client = client_of(beizhan, world.cast.worker)
    path = f"/council/{council.id}/seats/"
    client.post(f"{path}give/", {"memberNumber": "701", "kind": "representative"})
    back_to(beizhan)
    before = council_state()

    again = client.post(f"{path}give/", {"memberNumber": "701", "kind": "representative"})
    unknown = client.post(f"{path}give/", {"memberNumber": "99999", "kind": "representative"})
    collective = client.post(f"{path}give/", {"memberNumber": "709", "kind": "representative"})

    back_to(beizhan)
    assert again.status_code == 400 and form_errors(again) == {"memberNumber": ["该会员已有席位。"]}
    assert form_errors(unknown) == {"memberNumber": ["本社区没有这位会员。"]}
    assert form_errors(collective) == {"memberNumber": ["席位只属于个人：集体会员不能担任。"]}
    assert council_state() == before
    assert world.minle_untouched()


def test_a_resident_neither_sees_the_links_nor_changes_the_seats(world, beizhan):
    council = do_create_council(actor=world.cast.worker, name="北站社区居民议事会")
    numbered(world.cast.bob, 702)
    client = client_of(beizhan, world.cast.alice)
    before = council_state()

    home = client.get("/council/").content.decode()
    statuses = [
        client.get("/council/new/").status_code,
        client.post("/council/new/", RULES).status_code,
        client.get(f"/council/{council.id}/seats/").status_code,
        client.post(f"/council/{council.id}/seats/give/", {"memberNumber": "702"}).status_code,
    ]

    back_to(beizhan)
    assert "data-new-council" not in home and "data-seats=" not in home
    assert statuses == [403, 403, 403, 403]
    assert council_state() == before


def test_another_communitys_council_is_not_found_from_this_host(world, beizhan, minle):
    council = do_create_council(actor=world.cast.worker, name="北站社区居民议事会")
    seat_page = f"/council/{council.id}/seats/"
    back_to(minle)
    client = client_of(minle, world.minle.worker)

    assert client.get(seat_page).status_code == 404
    assert (
        client.post(f"{seat_page}give/", {"memberNumber": "1", "kind": "representative"}).status_code == 404
    )
    back_to(beizhan)
    assert Seat.objects.count() == 0


def test_the_seats_page_costs_the_same_queries_for_two_or_eight_seats(world, beizhan):
    council = do_create_council(actor=world.cast.worker, name="北站社区居民议事会")
    client = client_of(beizhan, world.cast.worker)
    path = f"/council/{council.id}/seats/"
    from tests.tenants.cast import add_member

    def seat(n: int) -> None:
        back_to(beizhan)
        member = numbered(add_member(f"代表{n}"), 800 + n)
        client.post(f"{path}give/", {"memberNumber": str(member.member_number), "kind": "representative"})

    for n in range(2):
        seat(n)
    two = queries_of(client, path)
    for n in range(2, 8):
        seat(n)

    assert queries_of(client, path) == two
