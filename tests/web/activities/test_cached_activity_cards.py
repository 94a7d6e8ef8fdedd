"""The activities list's cards, rendered once for the values they show (activities/views.CARD_SHOWS; issue 12).

Each test changes one value a card shows and reads the page again: the page shows the new value. Minle
holds an activity with the same id and other values, and its residents read only their own.
"""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.models import Activity
from sharepool.tenants.activities.services import do_cancel_activity, do_cancel_sign_up, do_sign_up
from sharepool.tenants.timebank.models import Category
from tests.web.activities.test_activity_pages import classroom
from tests.web.pages import back_to, client_of


def cards(client, path: str = "/activities/") -> str:
    html = client.get(path).content.decode()
    return html[html.index('<nav class="tabs">') : html.index("</main>")]


def test_a_changed_place_title_time_or_category_is_shown(world, beizhan):
    activity = classroom(world, starts_in=timedelta(days=2))
    client = client_of(beizhan, world.cast.alice)
    assert "社区活动室 · " in cards(client) and "四点半课堂" in cards(client)

    # One change at a time, each read back: every value is part of the cards' key.
    Activity.objects.filter(id=activity.id).update(place="党群服务中心")
    assert "党群服务中心 · " in cards(client) and "社区活动室" not in cards(client)

    Activity.objects.filter(id=activity.id).update(title="周末课堂")
    assert "周末课堂" in cards(client) and "四点半课堂" not in cards(client)

    starts = activity.starts_at + timedelta(hours=1)
    Activity.objects.filter(id=activity.id).update(starts_at=starts, ends_at=starts + timedelta(hours=2))
    local = timezone.localtime(starts)
    assert f"{local:%H:%M}</time>" in cards(client) and local.isoformat() in cards(client)

    Category.objects.filter(id=activity.category_id).update(name="课后辅导")
    assert "党群服务中心 · 课后辅导" in cards(client)


def test_signing_up_and_a_cancelled_activity_are_shown(world, beizhan):
    activity = classroom(world, starts_in=timedelta(days=2))
    client = client_of(beizhan, world.cast.alice)
    before = cards(client)

    do_sign_up(actor_id=world.cast.alice.id, activity_id=activity.id)
    signed_up = cards(client)
    do_cancel_activity(actor_id=world.cast.coordinator.id, activity_id=activity.id)
    back_to(beizhan)
    cancelled = cards(client)

    assert 'class="badge"' not in before
    assert '<span class="badge">已确认</span>' in signed_up
    assert '<span class="badge">已取消</span>' in cancelled


def test_a_card_shows_the_reader_s_own_live_sign_up_only(world, beizhan):
    full = classroom(world, starts_in=timedelta(days=2), capacity=1, title="满员课堂")
    open_one = classroom(world, starts_in=timedelta(days=3), title="四点半课堂")
    do_sign_up(actor_id=world.cast.bob.id, activity_id=full.id)  # bob takes the only place
    do_sign_up(actor_id=world.cast.bob.id, activity_id=open_one.id)
    do_sign_up(actor_id=world.cast.alice.id, activity_id=full.id)  # alice waits
    do_sign_up(actor_id=world.cast.alice.id, activity_id=open_one.id)
    do_cancel_sign_up(actor_id=world.cast.alice.id, activity_id=open_one.id)
    back_to(beizhan)

    alice, carol = cards(client_of(beizhan, world.cast.alice)), cards(client_of(beizhan, world.cast.carol))

    assert alice.count('<span class="badge">') == 1 and '<span class="badge">候补</span>' in alice
    assert '<span class="badge">' not in carol


def test_the_cards_are_in_the_reader_s_language(world, beizhan):
    activity = classroom(world, starts_in=timedelta(days=2))
    do_sign_up(actor_id=world.cast.alice.id, activity_id=activity.id)
    client = client_of(beizhan, world.cast.alice)

    chinese = cards(client)
    english = client.get("/activities/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<span class="badge">已确认</span>' in chinese
    assert '<span class="badge">confirmed</span>' in english and "已确认" not in english


def test_an_empty_list_says_which_tab_is_empty(world, beizhan):
    client = client_of(beizhan, world.cast.alice)

    upcoming, past = cards(client), cards(client, "/activities/?when=past")

    assert "暂无活动安排。" in upcoming and "还没有往期活动。" not in upcoming
    assert "还没有往期活动。" in past and "暂无活动安排。" not in past


def test_a_resident_of_minle_reads_minle_s_activity_with_the_same_id(world, beizhan, minle):
    mine = classroom(world, starts_in=timedelta(days=2))
    with schema_context(minle.schema_name):
        theirs = Activity.objects.create(
            id=mine.id,
            title="民乐合唱团",
            organiser=world.minle.coordinator,
            category=Category.objects.first(),
            starts_at=mine.starts_at,
            ends_at=mine.ends_at,
            place="民乐活动中心",
            capacity=20,
            minutes_credited=60,
            check_in_code="123456",
        )

    beizhan_cards = cards(client_of(beizhan, world.cast.alice))
    minle_cards = cards(client_of(minle, world.minle.alice))

    assert (
        f'href="/activities/{theirs.id}/"' in beizhan_cards
        and f'href="/activities/{mine.id}/"' in minle_cards
    )
    assert "四点半课堂" in beizhan_cards and "民乐" not in beizhan_cards
    assert "民乐合唱团" in minle_cards and "民乐活动中心" in minle_cards and "四点半课堂" not in minle_cards
