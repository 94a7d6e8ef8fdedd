"""/council/, a motion's page, a session's minutes (HTML and PDF), a building's page (issue 13): what a
resident reads, in Chinese, at a cost in queries that does not grow with the rows."""

from io import BytesIO

from django_tenants.utils import schema_context
from pypdf import PdfReader

from sharepool.tenants.council.models import Motion
from tests.tenants.council.procedure import assemble, council_state
from tests.web.council.carried import adopted_and_under_way
from tests.web.pages import back_to, client_of, queries_of


def test_a_resident_reads_sessions_results_minutes_and_progress_by_building(world, beizhan):
    # given: a motion adopted 4-1-0 and under way in two buildings; 陈同学 lives in the second
    a = assemble(world)
    motion = adopted_and_under_way(a)
    resident = world.cast.carol
    resident.building = a.buildings[1]
    resident.save(update_fields=["building"])
    client = client_of(beizhan, resident)

    # when
    home = client.get("/council/").content.decode()
    page = client.get(f"/council/motions/{motion.id}/").content.decode()
    minutes = client.get(f"/council/sessions/{a.session.id}/").content.decode()
    building = client.get(f"/buildings/{a.buildings[1].id}/").content.decode()

    # then
    assert "2019年第一次居民议事会" in home and "闭会" in home
    assert "1 号 关于防止高空坠物加装防护网的议案" in home
    assert "赞成 4，反对 1，弃权 0" in home
    assert "2 栋中 1 栋完成，平均进度 70%" in home
    assert "在创业花园各楼栋加装防坠网。" in page
    assert f'data-building="{a.buildings[1].id}"' in page and "进行中" in page
    assert "表决结果：赞成4，反对1，弃权0" in minutes
    assert "待下次会议批准" in minutes
    assert "你的楼栋" in building
    assert 'data-here-status="in_progress" data-here-progress="40"' in building
    assert "执行中" in building


def test_the_minutes_print_as_a_pdf_in_chinese(world, beizhan):
    # given
    a = assemble(world)
    adopted_and_under_way(a)
    client = client_of(beizhan, world.cast.alice)

    # when
    response = client.get(f"/council/sessions/{a.session.id}/minutes.pdf")

    # then
    assert response["Content-Type"] == "application/pdf"
    # long lines wrap on the page: read the text as one run
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages).replace(
        "\n", ""
    )
    assert "北站社区居民议事会 第1次会议纪要" in text
    assert "第1号议案《关于防止高空坠物加装防护网的议案》" in text
    assert "赞成4，反对1，弃权0" in text
    assert "本纪要尚待下次会议批准。" in text


def test_no_minutes_no_pdf(world, beizhan):
    a = assemble(world)
    client = client_of(beizhan, world.cast.alice)

    assert client.get(f"/council/sessions/{a.session.id}/minutes.pdf").status_code == 404
    assert client.get("/council/sessions/999999/").status_code == 404


def test_the_council_pages_cost_the_same_queries_for_one_motion_or_three(world, beizhan):
    # given: one motion carried out in two buildings
    a = assemble(world)
    first = adopted_and_under_way(a)
    client = client_of(beizhan, world.cast.alice)
    paths = ["/council/", f"/council/motions/{first.id}/", f"/buildings/{a.buildings[0].id}/", "/buildings/"]
    one = [queries_of(client, path) for path in paths]
    back_to(beizhan)

    # when: two more sessions, motions, executions (with more buildings and events)
    for n in (2, 3):
        b = assemble_again(a, n)
        adopted_and_under_way(b, title=f"第{n}个议案")
    three = [queries_of(client, path) for path in paths]

    # then
    assert one == three


def assemble_again(a, n):
    """Another session of the same council, with two more buildings, for a second and third motion."""
    from datetime import timedelta

    from django.utils import timezone

    from sharepool.tenants.council.services import do_create_session
    from sharepool.tenants.neighbourhood.models import Building

    session = do_create_session(
        actor=a.secretary,
        council_id=a.council.id,
        title=f"第{n}次居民议事会",
        scheduled_at=timezone.now() + timedelta(hours=n),
        chair_id=a.chair.id,
        secretary_id=a.secretary.id,
    )
    estate = a.buildings[0].estate
    buildings = a.buildings + [Building.objects.create(estate=estate, name=f"{n}-{m}栋") for m in (1, 2)]
    return type(a)(a.council, session, a.secretary, a.chair, a.voters, a.outsider, buildings)


def test_another_community_sees_nothing_of_the_council(world, beizhan, minle):
    # given
    a = assemble(world)
    motion = adopted_and_under_way(a)
    before = council_state()
    with schema_context(minle.schema_name):
        minle_client = client_of(minle, world.minle.alice)

    # when
    home = minle_client.get("/council/").content.decode()
    pages = [
        minle_client.get(path).status_code
        for path in (
            f"/council/motions/{motion.id}/",
            f"/council/sessions/{a.session.id}/",
            f"/council/sessions/{a.session.id}/minutes.pdf",
            f"/buildings/{a.buildings[0].id}/",
        )
    ]
    foreign = minle_client.post(f"/council/motions/{motion.id}/second/", HTTP_HOST=beizhan.domain)

    # then
    assert "防护网" not in home and "2019年第一次居民议事会" not in home
    assert pages == [404, 404, 404, 404]
    assert foreign.status_code == 302 and foreign["Location"].startswith("/login/")
    back_to(beizhan)
    assert council_state() == before
    assert Motion.objects.get(id=motion.id).state == "in_execution"
