"""/council/sessions/new/: a worker schedules a session from the browser (createSession, issue 13)."""

from django.utils import timezone

from sharepool.tenants.council.models import Session
from tests.tenants.council.procedure import assemble, council_state
from tests.web.pages import back_to, client_of


def numbered(member, number: int):
    member.member_number = number
    member.save(update_fields=["member_number"])
    return member


def test_a_worker_schedules_a_session_with_its_chair_and_secretary_by_number(world, beizhan):
    a = assemble(world)
    chair, secretary = numbered(a.voters[0], 501), numbered(world.cast.worker, 502)
    client = client_of(beizhan, world.cast.worker)
    back_to(beizhan)
    when = (timezone.localtime() + timezone.timedelta(days=7)).replace(
        hour=19, minute=30, second=0, microsecond=0
    )

    home = client.get("/council/")
    response = client.post(
        "/council/sessions/new/",
        {
            "councilId": a.council.id,
            "title": "2019年第二次居民议事会",
            "scheduledAt": when.strftime("%Y-%m-%dT%H:%M"),
            "place": "北站社区党群服务中心",
            "chairNumber": 501,
            "secretaryNumber": 502,
        },
    )

    back_to(beizhan)
    assert "data-new-session" in home.content.decode() and "安排会议" in home.content.decode()
    assert "主持人（会员编号）" in client.get("/council/sessions/new/").content.decode()
    session = Session.objects.get(title="2019年第二次居民议事会")
    assert response.status_code == 302 and response["Location"] == f"/council/sessions/{session.id}/"
    assert (session.chair_id, session.secretary_id, session.number) == (chair.id, secretary.id, 2)
    assert timezone.localtime(session.scheduled_at).strftime("%H:%M") == "19:30"
    assert world.minle_untouched()


def test_an_unknown_chair_or_an_empty_title_is_refused_in_chinese_and_nothing_is_written(world, beizhan):
    a = assemble(world)
    numbered(world.cast.worker, 502)
    client = client_of(beizhan, world.cast.worker)
    back_to(beizhan)
    before = council_state()
    when = (timezone.localtime() + timezone.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    form = {
        "councilId": a.council.id,
        "title": "议事会",
        "scheduledAt": when,
        "chairNumber": 999,
        "secretaryNumber": 502,
    }

    unknown = client.post("/council/sessions/new/", form)
    untitled = client.post("/council/sessions/new/", {**form, "chairNumber": 502, "title": " "})

    assert unknown.status_code == 400 and unknown.context["form"].errors["chairNumber"]
    assert untitled.status_code == 400
    back_to(beizhan)
    assert council_state() == before
    assert world.minle_untouched()


def test_a_resident_may_not_schedule(world, beizhan):
    assemble(world)
    client = client_of(beizhan, world.cast.alice)
    back_to(beizhan)
    before = council_state()

    assert "data-new-session" not in client.get("/council/").content.decode()
    assert client.post("/council/sessions/new/", {"title": "x"}).status_code == 403
    back_to(beizhan)
    assert council_state() == before
