"""Activities in the workers' console (issue 14): a series, the check-in QR to print, attendance and awards
from one list with minutes per attendee, cancel. Each page calls the domain; refusals write nothing, and
another community's activity is not found."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.models import Activity, ActivityAward, ActivitySeries
from sharepool.tenants.activities.services import do_create_activity, do_sign_up
from sharepool.tenants.audit.models import CommunityAuditEntry
from tests.tenants.cast import balance, category, tenant_state
from tests.web.pages import back_to, client_of, form_errors


def state() -> dict:
    return {
        **tenant_state(),
        "activities": sorted(Activity.objects.values_list("id", "status")),
        "series": ActivitySeries.objects.count(),
        "audit": CommunityAuditEntry.objects.count(),
    }


def classroom(world, *members, starts_in=timedelta(minutes=-10)) -> Activity:
    start = timezone.now() + starts_in
    activity = do_create_activity(
        actor_id=world.cast.coordinator.id,
        title="四点半课堂",
        category_id=category("childcare-tutoring").id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="社区党群服务中心",
        capacity=10,
        minutes_credited=90,
    )
    for member in members:
        do_sign_up(actor_id=member.id, activity_id=activity.id, now=start - timedelta(days=1))
    return activity


SERIES = {
    "title": "四点半课堂",
    "place": "社区党群服务中心",
    "weekdays": ["1", "2", "3", "4", "5"],
    "startsAtTime": "16:30",
    "durationMinutes": "90",
    "firstDay": "2026-03-02",
    "weeks": "4",
    "capacity": "20",
    "minutesCredited": "90",
}


def test_a_worker_makes_the_half_past_four_classroom_for_four_weeks_of_school_days(world, beizhan):
    client = client_of(beizhan, world.cast.worker)
    form = client.get("/staff/activities/series/new/")
    assert form.status_code == 200 and "四点半课堂" not in form.text
    back_to(beizhan)
    data = {**SERIES, "categoryId": str(category("childcare-tutoring").id)}

    response = client.post("/staff/activities/series/new/", data, follow=True)

    back_to(beizhan)
    assert "已创建 20 个活动" in response.text
    starts = [a.starts_at.astimezone(ZoneInfo("Asia/Shanghai")) for a in Activity.objects.all()]
    assert len(starts) == 20 and {(s.hour, s.minute, s.isoweekday() <= 5) for s in starts} == {(16, 30, True)}
    assert world.minle_untouched()


def test_a_series_with_no_end_is_refused_on_the_form_and_nothing_is_made(world, beizhan):
    client = client_of(beizhan, world.cast.worker)
    data = {**SERIES, "weeks": "", "categoryId": str(category("childcare-tutoring").id)}
    before = state()

    response = client.post("/staff/activities/series/new/", data)

    back_to(beizhan)
    assert form_errors(response) == {"until": ["请选择结束日期或周数（二选一）。"]}
    assert state() == before


def test_a_resident_has_no_series_page(world, beizhan):
    client = client_of(beizhan, world.cast.alice)
    before = state()
    assert client.get("/staff/activities/series/new/").status_code == 403
    data = {**SERIES, "categoryId": "1"}
    assert client.post("/staff/activities/series/new/", data).status_code == 403
    back_to(beizhan)
    assert state() == before


def test_the_printable_qr_opens_the_check_in_page_with_the_code_filled_in(world, beizhan):
    activity = classroom(world, starts_in=timedelta(days=1))
    client = client_of(beizhan, world.cast.worker)

    page = client.get(f"/staff/activities/{activity.id}/qr/")

    assert page.status_code == 200
    assert "<svg" in page.text and activity.check_in_code in page.text
    url = f"http://{beizhan.domain}/activities/{activity.id}/check-in/?code={activity.check_in_code}"
    assert url in page.text
    opened = client_of(beizhan, world.cast.alice).get(url)
    assert f'value="{activity.check_in_code}"' in opened.text


def test_a_worker_marks_attendance_and_awards_each_their_minutes_from_one_list(world, beizhan):
    cast = world.cast
    activity = classroom(world, cast.alice, cast.bob, cast.carol)
    client = client_of(beizhan, cast.worker)
    page = client.get(f"/staff/activities/{activity.id}/")
    key = page.context["idempotency_key"]

    client.post(f"/staff/activities/{activity.id}/attendance/", {"memberIds": [cast.alice.id, cast.bob.id]})
    awards = {
        "idempotencyKey": key,
        "award": [cast.alice.id, cast.bob.id],
        f"minutes-{cast.alice.id}": "120",
        f"minutes-{cast.bob.id}": "45",
        f"minutes-{cast.carol.id}": "90",
    }
    client.post(f"/staff/activities/{activity.id}/award/", awards)
    again = client.post(f"/staff/activities/{activity.id}/award/", awards, follow=True)  # a double tap

    back_to(beizhan)
    assert (balance(cast.alice), balance(cast.bob), balance(cast.carol)) == (120, 45, 0)
    assert ActivityAward.objects.count() == 2
    assert f'data-awarded="{cast.alice.id}"' in again.text and "已发放 120 分钟" in again.text
    assert 'data-audit="attendance_marked"' in again.text and 'data-audit="activity_awarded"' in again.text
    assert world.minle_untouched()


def test_awarding_someone_not_checked_in_is_refused_in_chinese_and_nothing_moves(world, beizhan):
    cast = world.cast
    activity = classroom(world, cast.alice)
    client = client_of(beizhan, cast.worker)
    key = client.get(f"/staff/activities/{activity.id}/").context["idempotency_key"]
    back_to(beizhan)
    before = state()

    response = client.post(
        f"/staff/activities/{activity.id}/award/",
        {"idempotencyKey": key, "award": [cast.alice.id], f"minutes-{cast.alice.id}": "90"},
    )

    back_to(beizhan)
    assert response.status_code == 400 and "只给已签到的会员发放时长。" in response.text
    assert state() == before


def test_a_worker_cancels_an_activity_and_it_shows_cancelled(world, beizhan):
    activity = classroom(world, starts_in=timedelta(days=2))
    client = client_of(beizhan, world.cast.worker)

    page = client.post(f"/staff/activities/{activity.id}/cancel/", follow=True)

    back_to(beizhan)
    assert Activity.objects.get(id=activity.id).status == Activity.Status.CANCELLED
    assert 'data-state="cancelled"' in page.text
    assert CommunityAuditEntry.objects.filter(action="activity_cancelled").count() == 1
    again = client.post(f"/staff/activities/{activity.id}/cancel/")
    assert again.status_code == 400


def test_another_communitys_worker_cannot_see_or_change_the_activity(world, beizhan, minle):
    activity = classroom(world, world.cast.alice)
    with schema_context(minle.schema_name):
        minle_worker = world.minle.worker
    back_to(beizhan)
    before = state()
    client = client_of(minle, minle_worker)
    for path in ("", "qr/"):
        assert client.get(f"/staff/activities/{activity.id}/{path}").status_code == 404
    for path in ("cancel/", "attendance/", "award/"):
        assert client.post(f"/staff/activities/{activity.id}/{path}", {"memberIds": [1]}).status_code == 404
    back_to(beizhan)
    assert state() == before
    assert world.minle_untouched()


def test_a_worker_makes_a_series_for_a_coordinator_who_then_runs_it(world, beizhan):
    cast = world.cast
    client = client_of(beizhan, cast.worker)
    data = {**SERIES, "weeks": "1", "categoryId": str(category("childcare-tutoring").id)}

    client.post(
        "/staff/activities/series/new/", {**data, "organiserNumber": str(cast.coordinator.member_number)}
    )
    unknown = client.post("/staff/activities/series/new/", {**data, "organiserNumber": "999999"})
    resident = client.post(
        "/staff/activities/series/new/", {**data, "organiserNumber": str(cast.alice.member_number)}
    )

    back_to(beizhan)
    assert set(Activity.objects.values_list("organiser_id", flat=True)) == {cast.coordinator.id}
    assert Activity.objects.count() == 5
    assert form_errors(unknown) == {"organiserNumber": ["本社区没有这位会员。"]}
    assert list(form_errors(resident)) == ["__all__"]  # not_permitted: she organises nothing
    listed = client_of(beizhan, cast.coordinator).get("/staff/activities/", {"when": "past"})  # March is past
    assert listed.text.count("data-activity=") == 5
