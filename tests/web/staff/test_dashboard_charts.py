"""The workers' dashboard charts the community over time from the daily snapshots (issue 14): members,
active members, hours served and exchanges, drawn on the server."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.stats.services import do_take_stats_snapshot
from tests.tenants.cast import give
from tests.tenants.recognition.test_recognition import serve
from tests.web.pages import client_of


def test_the_dashboard_draws_the_four_series_of_its_own_community(world, beizhan, minle):
    # given: three days of Beizhan's snapshots, the last after Bob served Alice; Minle has one of its own
    now = timezone.now()
    do_take_stats_snapshot(now=now - timedelta(days=2))
    do_take_stats_snapshot(now=now - timedelta(days=1))
    give(world.cast.alice, 120)
    serve(world.cast.bob, world.cast.alice, 90, "s1")
    do_take_stats_snapshot(now=now)
    with schema_context(minle.schema_name):
        do_take_stats_snapshot(now=now)

    # when
    html = client_of(beizhan, world.cast.worker).get("/staff/").text

    # then
    assert html.count('<svg class="chart"') == 4
    for chart in ("members", "active_members", "hours_served", "exchanges"):
        assert f'data-chart="{chart}"' in html
    exchanges = html.split('data-chart="exchanges"')[1]
    assert "<span data-latest>1</span>" in exchanges
    assert len(exchanges.split('points="')[1].split('"')[0].split()) == 3
    assert "<script" not in html.split("<main")[1]
