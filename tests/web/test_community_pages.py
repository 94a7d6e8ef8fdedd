"""/, /honours/ and /stats/: the community's own pages (issue 12)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.services import do_create_activity
from sharepool.tenants.members.models import Member
from sharepool.tenants.recognition.services import grant_member_number_milestone
from sharepool.tenants.stats.services import do_take_stats_snapshot
from sharepool.tenants.timebank.models import Category
from sharepool.tenants.timebank.services import do_post_offer, do_propose_exchange
from tests.web.conftest import add_member, host_client, signed_in
from tests.web.test_me import welcome


def queries(client, path: str) -> int:
    client.get(path)  # once before counting: the host's community is cached after the first request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def admin_of(community) -> Member:
    with schema_context(community.schema_name):
        return Member.objects.get(role=Member.Role.ADMIN)


def plan_activities(community, n: int, title: str = "四点半课堂") -> None:
    admin = admin_of(community)
    start = timezone.now() + timedelta(days=1)
    with schema_context(community.schema_name):
        category = Category.objects.order_by("position").first()
        for i in range(n):
            do_create_activity(
                actor_id=admin.id,
                title=f"{title} {i}",
                category_id=category.id,
                starts_at=start + timedelta(days=i),
                ends_at=start + timedelta(days=i, hours=2),
                place="社区活动室",
                capacity=20,
                minutes_credited=120,
            )


def proposals_to(community, provider: Member, n: int) -> None:
    """n neighbours each ask for the provider's offer: n exchanges the provider must accept."""
    with schema_context(community.schema_name):
        category = Category.objects.order_by("position").first()
        offer = do_post_offer(actor_id=provider.id, category_id=category.id, title="修水管")
    for i in range(n):
        neighbour = add_member(community.schema_name, f"neighbour-{provider.id}-{i}")
        with schema_context(community.schema_name):
            do_propose_exchange(actor_id=neighbour.id, offer_id=offer.id)


def test_a_visitor_sees_what_the_association_is_its_figures_activities_and_how_to_join(beizhan, minle):
    add_member(beizhan.schema_name, "zhaofang")
    plan_activities(beizhan, 2)
    plan_activities(minle, 1, title="民乐书法课")

    response = host_client(beizhan).get("/")

    html = response.text
    assert "服务一小时，积累一小时" in html
    assert 'data-figure="members">2<' in html  # the admin and 赵芳
    assert "四点半课堂 0" in html and "四点半课堂 1" in html
    assert "民乐书法课" not in html
    assert 'href="/join/"' in html


def test_a_resident_sees_their_balance_and_the_exchanges_waiting_for_them(beizhan):
    plumber = add_member(beizhan.schema_name, "plumber", display_name="王师傅")
    welcome(beizhan, plumber, 2)
    proposals_to(beizhan, plumber, 2)

    html = signed_in(beizhan, plumber).get("/").text

    assert 'data-figure="balance">2 小时<' in html
    assert html.count("data-exchange=") == 2
    assert html.count("待接受") == 2
    assert 'href="/join/"' not in html


def test_the_proposer_has_nothing_waiting(beizhan):
    plumber = add_member(beizhan.schema_name, "plumber")
    proposals_to(beizhan, plumber, 1)
    with schema_context(beizhan.schema_name):
        neighbour = Member.objects.get(user__username__startswith="neighbour-")

    html = signed_in(beizhan, neighbour).get("/").text

    assert "data-exchange=" not in html
    assert "暂时没有需要您处理的事。" in html


def test_the_home_page_runs_as_many_queries_for_1_waiting_exchange_and_activity_as_for_5(beizhan):
    few, many = add_member(beizhan.schema_name, "few"), add_member(beizhan.schema_name, "many")
    proposals_to(beizhan, few, 1)
    proposals_to(beizhan, many, 5)
    plan_activities(beizhan, 1)
    count_one = queries(signed_in(beizhan, few), "/")
    plan_activities(beizhan, 6, title="more")

    assert queries(signed_in(beizhan, many), "/") == count_one


def test_the_1000th_member_is_honoured(beizhan, minle):
    honour_numbers(beizhan, [1000])

    here = host_client(beizhan).get("/honours/").text
    there = host_client(minle).get("/honours/").text

    assert "第 1000 名会员" in here and "会员1000" in here
    assert "会员1000" not in there


def test_the_honours_page_in_english(beizhan):
    html = host_client(beizhan, HTTP_ACCEPT_LANGUAGE="en").get("/honours/").text

    assert "The first milestone is the 1,000th member." in html


def snapshots(community, days: int) -> None:
    today = timezone.now()
    with schema_context(community.schema_name):
        for back in range(days, 0, -1):
            do_take_stats_snapshot(now=today - timedelta(days=back - 1))


def test_the_figures_are_drawn_from_the_daily_snapshots(beizhan, minle):
    add_member(beizhan.schema_name, "zhaofang")
    snapshots(beizhan, 3)

    html = host_client(beizhan).get("/stats/").text

    assert 'data-figure="members">2<' in html
    # members, active members, hours served, exchanges (issue 14), and hours held
    assert html.count('<svg class="chart"') == 5
    assert html.count("<polyline") == 5
    for chart in ("members", "active_members", "hours_served", "exchanges", "hours_held"):
        assert f'data-chart="{chart}"' in html
    assert "https://" not in html.split("<main")[1]  # nothing from a CDN
    points = html.split('<polyline class="line" points="')[1].split('"')[0]
    assert len(points.split()) == 3
    assert 'data-figure="members"' not in host_client(minle).get("/stats/").text


def test_before_the_first_snapshot_the_page_says_when_it_comes(beizhan):
    html = host_client(beizhan).get("/stats/").text

    assert "今晚将记录第一份每日数据。" in html


def test_the_figures_page_runs_as_many_queries_for_2_days_as_for_20(beizhan, minle):
    snapshots(beizhan, 2)
    snapshots(minle, 20)

    assert queries(host_client(beizhan), "/stats/") == queries(host_client(minle), "/stats/")


def honour_numbers(community, numbers: list[int]) -> None:
    for number in numbers:
        member = add_member(community.schema_name, f"m{number}", display_name=f"会员{number}")
        with schema_context(community.schema_name):
            Member.objects.filter(id=member.id).update(member_number=number)
            member.refresh_from_db()
            grant_member_number_milestone(member=member, now=timezone.now())


def test_the_honours_page_runs_as_many_queries_for_1_milestone_as_for_3(beizhan, minle):
    honour_numbers(beizhan, [1000])
    honour_numbers(minle, [1000, 5000, 10000])

    one, three = host_client(beizhan).get("/honours/").text, host_client(minle).get("/honours/").text
    assert (one.count("data-recognition="), three.count("data-recognition=")) == (1, 3)
    assert queries(host_client(beizhan), "/honours/") == queries(host_client(minle), "/honours/")
