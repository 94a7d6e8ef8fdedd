"""/activities/ and /activities/<id>/: series, sign-up and the waiting list, check-in by code and QR."""

import re
from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.models import Activity, SignUp
from sharepool.tenants.activities.services import do_create_activity, do_sign_up
from tests.tenants.cast import category, tenant_state
from tests.web.pages import back_to, client_of, form_errors, queries_of


def classroom(world, *, starts_in=timedelta(minutes=30), capacity=20, title="四点半课堂") -> Activity:
    """李老师's session starting soon: sign-up still open, check-in already open."""
    starts = timezone.now() + starts_in
    return do_create_activity(
        actor_id=world.cast.coordinator.id,
        title=title,
        category_id=category("childcare-tutoring").id,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="社区活动室",
        capacity=capacity,
        minutes_credited=120,
    )


def test_upcoming_sessions_are_shown_as_a_series_and_past_ones_apart(world, beizhan):
    # given three sessions of the classroom, one other activity, and one past session
    for days in (1, 2, 3):
        classroom(world, starts_in=timedelta(days=days))
    classroom(world, starts_in=timedelta(days=2, hours=1), title="小小文明劝导员")
    past = classroom(world, starts_in=timedelta(days=-3))
    client = client_of(beizhan, world.cast.alice)

    # when
    upcoming = client.get("/activities/")
    past_page = client.get("/activities/?when=past")

    # then
    series = [(group["title"], len(group["activities"])) for group in upcoming.context["series"]]
    assert series == [("四点半课堂", 3), ("小小文明劝导员", 1)]
    assert "共 3 场" in upcoming.content.decode()
    assert [a.id for a in past_page.context["page"].object_list] == [past.id]


def test_the_activities_page_costs_the_same_queries_for_two_or_twelve_activities(world, beizhan):
    # given
    client = client_of(beizhan, world.cast.alice)
    for days in (1, 2):
        do_sign_up(
            actor_id=world.cast.alice.id, activity_id=classroom(world, starts_in=timedelta(days=days)).id
        )
    two = queries_of(client, "/activities/")
    back_to(beizhan)
    for days in range(3, 13):
        activity = classroom(world, starts_in=timedelta(days=days), title=f"活动{days % 3}")
        do_sign_up(actor_id=world.cast.alice.id, activity_id=activity.id)

    # when
    twelve = queries_of(client, "/activities/")

    # then
    assert two == twelve


def test_sign_up_fills_the_places_then_the_waiting_list_and_a_cancellation_moves_it(world, beizhan):
    # given one place
    activity = classroom(world, capacity=1)
    alice, bob, carol = (client_of(beizhan, m) for m in (world.cast.alice, world.cast.bob, world.cast.carol))

    # when all three sign up
    for client in (alice, bob, carol):
        assert client.post(f"/activities/{activity.id}/sign-up/").status_code == 302

    # then alice has the place, bob and carol wait in order
    assert "你已报名成功。" in alice.get(f"/activities/{activity.id}/").content.decode()
    assert bob.get(f"/activities/{activity.id}/").context["position"] == 1
    carol_page = carol.get(f"/activities/{activity.id}/")
    assert carol_page.context["position"] == 2 and "你在候补名单第 2 位。" in carol_page.content.decode()

    # when alice cancels
    assert alice.post(f"/activities/{activity.id}/cancel/").status_code == 302

    # then bob has the place and carol is first in line
    back_to(beizhan)
    statuses = dict(SignUp.objects.filter(activity=activity).values_list("member_id", "status"))
    assert statuses == {
        world.cast.alice.id: "cancelled",
        world.cast.bob.id: "confirmed",
        world.cast.carol.id: "waiting",
    }
    assert carol.get(f"/activities/{activity.id}/").context["position"] == 1


def test_signing_up_twice_is_refused_in_chinese_and_changes_nothing(world, beizhan):
    activity = classroom(world)
    do_sign_up(actor_id=world.cast.alice.id, activity_id=activity.id)
    alice = client_of(beizhan, world.cast.alice)
    before = tenant_state()

    response = alice.post(f"/activities/{activity.id}/sign-up/")

    assert form_errors(response, "sign_up_form") == {"__all__": ["已报名。"]}
    back_to(beizhan)
    assert tenant_state() == before


def test_a_wrong_code_is_refused_and_the_right_one_checks_in(world, beizhan):
    # given
    activity = classroom(world)
    do_sign_up(actor_id=world.cast.alice.id, activity_id=activity.id)
    alice = client_of(beizhan, world.cast.alice)
    before = tenant_state()

    # when
    wrong = alice.post(f"/activities/{activity.id}/check-in/", {"code": "ZZZZZZ"})
    chinese = alice.post(f"/activities/{activity.id}/check-in/", {"code": "签到码"})

    # then
    assert form_errors(wrong) == form_errors(chinese) == {"code": ["签到码不正确。"]}
    back_to(beizhan)
    assert tenant_state() == before

    # when
    right = alice.post(f"/activities/{activity.id}/check-in/", {"code": activity.check_in_code.lower()})

    # then
    assert right.status_code == 302
    back_to(beizhan)
    assert SignUp.objects.get(activity=activity, member=world.cast.alice).checked_in_at is not None
    assert "你已签到。" in alice.get(f"/activities/{activity.id}/").content.decode()


def test_the_organiser_sees_a_qr_code_that_opens_check_in_with_the_code_filled_in(world, beizhan):
    # given
    activity = classroom(world)
    do_sign_up(actor_id=world.cast.bob.id, activity_id=activity.id)
    organiser, worker, bob = (
        client_of(beizhan, m) for m in (world.cast.coordinator, world.cast.worker, world.cast.bob)
    )

    # when
    organiser_page = organiser.get(f"/activities/{activity.id}/")
    worker_page = worker.get(f"/activities/{activity.id}/")
    resident_page = bob.get(f"/activities/{activity.id}/").content.decode()

    # then staff see the code, drawn as inline SVG, which the resident's page never shows
    url = f"http://{beizhan.domain}/activities/{activity.id}/check-in/?code={activity.check_in_code}"
    assert organiser_page.context["check_in_url"] == worker_page.context["check_in_url"] == url
    body = organiser_page.content.decode()
    assert "<svg" in body and activity.check_in_code in body
    assert "<svg" not in resident_page and activity.check_in_code not in resident_page

    # when the resident scans it and taps once
    opened = bob.get(url.removeprefix(f"http://{beizhan.domain}"))
    assert opened.context["form"]["code"].value() == activity.check_in_code
    checked = bob.post(
        f"/activities/{activity.id}/check-in/", {"code": opened.context["form"]["code"].value()}
    )

    # then
    assert checked.status_code == 302
    back_to(beizhan)
    assert SignUp.objects.get(activity=activity, member=world.cast.bob).checked_in_at is not None


def test_a_member_of_another_community_sees_and_changes_nothing_here(world, beizhan, minle):
    # given
    activity = classroom(world, title="北站四点半课堂")
    with schema_context(minle.schema_name):
        minle_client = client_of(minle, world.minle.alice)
    before = tenant_state()

    # when
    own_host = minle_client.get(f"/activities/{activity.id}/")
    own_list = minle_client.get("/activities/")
    foreign = minle_client.post(f"/activities/{activity.id}/sign-up/", HTTP_HOST=beizhan.domain)
    check_in = minle_client.post(
        f"/activities/{activity.id}/check-in/", {"code": activity.check_in_code}, HTTP_HOST=beizhan.domain
    )

    # then
    assert own_host.status_code == 404
    assert "北站四点半课堂" not in own_list.content.decode()
    assert foreign.status_code == check_in.status_code == 302
    assert foreign["Location"].startswith("/login/")
    back_to(beizhan)
    assert tenant_state() == before and world.minle_untouched()


def test_an_activity_past_its_end_shows_as_ended_and_offers_no_sign_up_or_check_in(world, beizhan):
    # given a session that ended an hour ago, which Alice had signed up for
    ended = classroom(world, starts_in=timedelta(hours=-3))
    do_sign_up(actor_id=world.cast.alice.id, activity_id=ended.id, now=ended.starts_at - timedelta(days=1))
    alice, bob = client_of(beizhan, world.cast.alice), client_of(beizhan, world.cast.bob)
    before = tenant_state()

    # when
    listed = bob.get("/activities/?when=past").content.decode()
    bobs_page = bob.get(f"/activities/{ended.id}/").content.decode()
    alices_page = alice.get(f"/activities/{ended.id}/").content.decode()
    late_sign_up = bob.post(f"/activities/{ended.id}/sign-up/")
    late_check_in = alice.post(f"/activities/{ended.id}/check-in/", {"code": ended.check_in_code})

    # then
    assert "已结束" in listed and "已结束" in bobs_page and "已结束" in alices_page
    assert f"/activities/{ended.id}/sign-up/" not in bobs_page
    assert f"/activities/{ended.id}/check-in/" not in alices_page
    assert form_errors(late_sign_up, "sign_up_form") == {"__all__": ["活动开始后不能再报名。"]}
    assert form_errors(late_check_in) == {"__all__": ["活动结束后不能再签到。"]}
    back_to(beizhan)
    assert tenant_state() == before and world.minle_untouched()


def test_an_activitys_day_reads_as_chinese_or_english_in_the_beijing_time_of_the_community(world, beizhan):
    # given a classroom on 5 March at 16:30 in Beijing (08:30 UTC)
    starts = timezone.now().replace(month=3, day=5, hour=8, minute=30, second=0, microsecond=0)
    activity = do_create_activity(
        actor_id=world.cast.coordinator.id,
        title="四点半课堂",
        category_id=category("childcare-tutoring").id,
        starts_at=starts.replace(year=timezone.now().year + 1),
        ends_at=starts.replace(year=timezone.now().year + 1) + timedelta(hours=2),
        place="社区活动室",
        capacity=20,
        minutes_credited=120,
    )
    do_sign_up(actor_id=world.cast.alice.id, activity_id=activity.id)
    client = client_of(beizhan, world.cast.alice)

    # when
    chinese = client.get("/activities/").content.decode()
    english = client.get("/activities/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    detail_english = client.get(f"/activities/{activity.id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # then each language writes the day its own way, never the other's
    assert "3月5日 16:30" in chinese
    assert "Mar 5 16:30" in english and not re.search(r"\d+月\d+日", english)
    assert "Check-in opens at Mar 5 15:30." in detail_english
