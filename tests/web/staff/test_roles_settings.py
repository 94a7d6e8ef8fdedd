"""Roles and settings in the workers' console (issue 14): the admin appoints and removes workers,
coordinators and building heads, and sets the check-in window and the auto-confirmation delay; the
default credit line keeps its own page, linked. Each change audited; refusals write nothing; another
community is never touched."""

from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.members.models import CommunitySettings, Member
from sharepool.tenants.neighbourhood.models import Building, BuildingHead, Estate
from tests.web.pages import back_to, client_of, form_errors
from tests.web.staff.conftest import members_state


def state() -> dict:
    settings = CommunitySettings.load()
    return {
        **members_state(),
        "terms": sorted(BuildingHead.objects.values_list("member_id", "until")),
        "settings": (settings.check_in_opens_minutes, settings.auto_confirm_days),
    }


def test_the_admin_appoints_a_worker_and_a_building_head_and_removes_a_coordinator(world, beizhan):
    cast = world.cast
    estate = Estate.objects.create(name="创业花园", kind="urban_village")
    building = Building.objects.create(estate=estate, name="3栋")
    admin = client_of(beizhan, cast.admin)

    admin.post("/staff/roles/", {"memberNumber": cast.alice.member_number, "role": "worker"})
    admin.post(
        "/staff/roles/",
        {"memberNumber": cast.bob.member_number, "role": "building_head", "buildingIds": [building.id]},
    )
    page = admin.post(
        "/staff/roles/remove/", {"memberId": cast.coordinator.id, "role": "coordinator"}, follow=True
    )

    back_to(beizhan)
    assert Member.objects.get(id=cast.alice.id).role == "worker"
    assert Member.objects.get(id=cast.coordinator.id).role == "resident"
    assert list(BuildingHead.objects.get(member=cast.bob, until=None).buildings.all()) == [building]
    assert f'data-role-holder="worker-{cast.alice.id}"' in page.text
    assert f'data-role-holder="building_head-{cast.bob.id}"' in page.text
    assert f'data-role-holder="coordinator-{cast.coordinator.id}"' not in page.text
    actions = list(CommunityAuditEntry.objects.values_list("action", flat=True))
    assert actions.count("role_appointed") == 2 and actions.count("role_removed") == 1
    assert world.minle_untouched()


def test_an_unknown_member_number_or_a_head_without_buildings_is_refused_and_nothing_changes(world, beizhan):
    admin = client_of(beizhan, world.cast.admin)
    before = state()

    unknown = admin.post("/staff/roles/", {"memberNumber": 999999, "role": "worker"})
    no_buildings = admin.post(
        "/staff/roles/", {"memberNumber": world.cast.bob.member_number, "role": "building_head"}
    )
    not_holding = admin.post("/staff/roles/remove/", {"memberId": world.cast.alice.id, "role": "worker"})

    back_to(beizhan)
    assert unknown.status_code == 400 and form_errors(unknown) == {"memberNumber": ["本社区没有这位会员。"]}
    assert list(form_errors(no_buildings)) == ["buildingIds"]
    assert not_holding.status_code == 400 and "该会员没有这个角色。" in not_holding.text
    assert state() == before


def test_a_worker_may_not_appoint_anyone(world, beizhan):
    worker = client_of(beizhan, world.cast.worker)
    before = state()
    assert worker.get("/staff/roles/").status_code == 403
    assert (
        worker.post(
            "/staff/roles/", {"memberNumber": world.cast.alice.member_number, "role": "worker"}
        ).status_code
        == 403
    )
    assert (
        worker.post(
            "/staff/roles/remove/", {"memberId": world.cast.coordinator.id, "role": "coordinator"}
        ).status_code
        == 403
    )
    back_to(beizhan)
    assert state() == before


def test_the_admin_sets_the_check_in_window_and_the_auto_confirmation_delay(world, beizhan):
    admin = client_of(beizhan, world.cast.admin)

    admin.post("/staff/settings/check-in/", {"minutes": "30"})
    page = admin.post("/staff/settings/auto-confirm/", {"days": "3"}, follow=True)

    back_to(beizhan)
    settings = CommunitySettings.load()
    assert (settings.check_in_opens_minutes, settings.auto_confirm_days) == (30, 3)
    assert "活动开始前 30 分钟" in page.text and "3 天后" in page.text
    assert 'href="/staff/credit-line/"' in page.text  # the default credit line keeps its own page
    entries = {entry.action: entry for entry in CommunityAuditEntry.objects.all()}
    assert entries["auto_confirm_delay_set"].before == {"auto_confirm_days": 7}
    assert entries["check_in_window_set"].after == {"check_in_opens_minutes": 30}
    assert world.minle_untouched()


def test_bad_settings_are_refused_in_chinese_and_nothing_changes(world, beizhan):
    admin = client_of(beizhan, world.cast.admin)
    before = state()

    too_long = admin.post("/staff/settings/auto-confirm/", {"days": "0"})
    too_early = admin.post("/staff/settings/check-in/", {"minutes": "5000"})

    back_to(beizhan)
    assert form_errors(too_long, "auto_confirm_form") == {
        "days": ["服务完成后自动确认的天数须在 1 至 60 天之间。"]
    }
    assert list(form_errors(too_early, "check_in_form")) == ["minutes"]
    assert state() == before


def test_a_worker_sets_the_check_in_window_but_not_the_auto_confirmation_delay(world, beizhan):
    worker = client_of(beizhan, world.cast.worker)
    before = state()
    page = worker.get("/staff/settings/")
    refused = worker.post("/staff/settings/auto-confirm/", {"days": "3"})
    back_to(beizhan)
    assert page.status_code == 200 and 'action="/staff/settings/auto-confirm/"' not in page.text
    assert refused.status_code == 403
    assert state() == before
    resident = client_of(beizhan, world.cast.alice)
    assert resident.get("/staff/settings/").status_code == 403
    assert resident.post("/staff/settings/check-in/", {"minutes": "10"}).status_code == 403
    back_to(beizhan)
    assert state() == before
    assert world.minle_untouched()


def test_another_communitys_admin_changes_nothing_here(world, beizhan, minle):
    from django_tenants.utils import schema_context

    with schema_context(minle.schema_name):
        minle_admin = Member.objects.get(role="admin")
    back_to(beizhan)
    before = state()
    client = client_of(minle, minle_admin)
    # Beizhan's member ids mean nothing in Minle: the coordinator's id there is no coordinator of Beizhan.
    client.post("/staff/roles/remove/", {"memberId": world.cast.coordinator.id, "role": "coordinator"})
    client.post("/staff/settings/auto-confirm/", {"days": "2"})
    back_to(beizhan)
    assert state() == before


def test_the_admin_sets_the_milestones_and_a_member_is_honoured_at_the_new_one(world, beizhan):
    from sharepool.tenants.recognition.models import Recognition
    from sharepool.tenants.timebank import services as timebank
    from tests.tenants.cast import category, give

    cast = world.cast
    admin = client_of(beizhan, cast.admin)

    page = admin.post(
        "/staff/settings/milestones/", {"hours": "2、20，200", "memberNumbers": "500, 1000"}, follow=True
    )

    back_to(beizhan)
    settings = CommunitySettings.load()
    assert (settings.hours_milestones, settings.member_number_milestones) == ([2, 20, 200], [500, 1000])
    assert 'data-figure="hours-milestones">2、20、200<' in page.text
    assert 'data-audit="milestones_set"' in page.text and "里程碑已设定" in page.text  # under 最近的改动
    entry = CommunityAuditEntry.objects.get(action="milestones_set")
    assert entry.before == {"hours": [10, 50, 100], "member_numbers": [1000, 5000, 10000]}
    # then: two hours served honour Bob at the community's new first milestone
    give(cast.alice, 120)
    offer = timebank.do_post_offer(actor_id=cast.bob.id, category_id=category().id, title="修水管")
    exchange = timebank.do_propose_exchange(actor_id=cast.alice.id, offer_id=offer.id, note="")
    timebank.do_accept_exchange(actor_id=cast.bob.id, exchange_id=exchange.id)
    timebank.do_complete_exchange(actor_id=cast.bob.id, exchange_id=exchange.id, minutes=120)
    timebank.do_confirm_exchange(actor_id=cast.alice.id, exchange_id=exchange.id, idempotency_key="m")
    assert list(Recognition.objects.filter(member=cast.bob).values_list("kind", "threshold")) == [
        ("hours_served", 2)
    ]
    assert world.minle_untouched()


def test_bad_milestones_are_refused_and_nothing_changes(world, beizhan):
    admin = client_of(beizhan, world.cast.admin)
    before = state()
    milestones = (
        CommunitySettings.load().hours_milestones,
        CommunitySettings.load().member_number_milestones,
    )

    words = admin.post("/staff/settings/milestones/", {"hours": "十, 50", "memberNumbers": "1000"})
    empty = admin.post("/staff/settings/milestones/", {"hours": "", "memberNumbers": "1000"})
    twice = admin.post("/staff/settings/milestones/", {"hours": "10, 10", "memberNumbers": "1000"})
    worker = client_of(beizhan, world.cast.worker).post(
        "/staff/settings/milestones/", {"hours": "1", "memberNumbers": "1"}
    )

    back_to(beizhan)
    assert form_errors(words, "milestones_form") == {"hours": ["请填写以逗号分隔的整数。"]}
    assert list(form_errors(empty, "milestones_form")) == ["hours"]
    assert list(form_errors(twice, "milestones_form")) == ["hours"]
    assert worker.status_code == 403
    assert state() == before
    settings = CommunitySettings.load()
    assert (settings.hours_milestones, settings.member_number_milestones) == milestones
