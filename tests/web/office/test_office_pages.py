"""The street office's pages on the platform host (issue 14): sign-in, its communities side by side
(sorted server-side), a community's page with billing, the export, and who may open them."""

import csv
import io

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from sharepool.platform.billing.services import do_start_checkout
from sharepool.platform.communities.models import Community
from sharepool.tenants.members.models import Member
from tests.conftest import TEST_PASSWORD, make_community
from tests.tenants.cast import give
from tests.tenants.recognition.test_recognition import serve
from tests.web.conftest import host_client
from tests.web.office.conftest import platform_client, signed_in_as, snapshot


def community_names(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('<tr data-community="')[1:]]


def test_a_visitor_is_sent_to_sign_in(offices):
    response = platform_client().get("/office/")

    assert response.status_code == 302
    assert response["Location"] == "/office/login/?next=%2Foffice%2F"


def test_staff_sign_in_and_see_their_own_communities_only(offices):
    # given
    for slug in ("beizhan", "minle", "qinghu"):
        snapshot(slug)
    client = platform_client()

    # when
    signed_in = client.post(
        "/office/login/", {"username": "minzhi", "password": TEST_PASSWORD, "next": "/office/"}
    )
    html = client.get("/office/").text

    # then
    assert signed_in.status_code == 302 and signed_in["Location"] == "/office/"
    assert "<h1>民治街道</h1>" in html
    assert community_names(html) == ["北站社区", "民乐社区"]
    assert "清湖社区" not in html
    assert 'lang="zh-hans"' in html and "https://" not in html.split("<main")[1]


def test_wrong_credentials_are_refused_in_chinese(offices):
    response = platform_client().post("/office/login/", {"username": "minzhi", "password": "wrong"})

    assert response.status_code == 200
    assert "用户名或密码错误。" in response.text
    assert "_auth_user_id" not in response.client.session


def test_a_community_admin_cannot_open_the_office(offices, beizhan):
    # given: Beizhan's admin (an account of Beizhan's schema) and a platform account that is not staff
    get_user_model().objects.create_user(username="visitor", password=TEST_PASSWORD)
    community_admin = host_client(beizhan)
    community_admin.post("/login/", {"username": "admin", "password": TEST_PASSWORD})

    # when
    on_their_host = community_admin.get("/office/")
    with_their_password = platform_client().post(
        "/office/login/", {"username": "admin", "password": TEST_PASSWORD}
    )
    visitor = platform_client()
    visitor.force_login(get_user_model().objects.get(username="visitor"))
    as_visitor = visitor.get("/office/")

    # then
    assert on_their_host.status_code == 404
    assert (
        with_their_password.status_code == 200 and "_auth_user_id" not in with_their_password.client.session
    )
    assert as_visitor.status_code == 403


def test_the_table_sorts_by_any_column_on_the_server(offices, world):
    # given: Beizhan has 7 members and an exchange; Minle 7 members, more per thousand residents
    give(world.cast.alice, 120)
    serve(world.cast.bob, world.cast.alice, 90, "s1")
    connection.set_schema_to_public()
    for slug in ("beizhan", "minle"):
        snapshot(slug)
    client = signed_in_as(offices["minzhi"])

    # when
    by_rate = client.get("/office/?sort=-members_per_thousand").text
    by_exchanges = client.get("/office/?sort=-exchanges").text
    by_rate_up = client.get("/office/?sort=members_per_thousand").text
    unknown = client.get("/office/?sort=password")

    # then
    assert community_names(by_rate) == ["民乐社区", "北站社区"]
    assert community_names(by_exchanges) == ["北站社区", "民乐社区"]
    assert community_names(by_rate_up) == ["北站社区", "民乐社区"]
    assert 'aria-sort="descending"' in by_rate and 'href="?sort=members_per_thousand"' in by_rate
    assert unknown.status_code == 200 and community_names(unknown.text) == ["北站社区", "民乐社区"]
    assert "不能按此项排序。" in unknown.text


def test_a_street_office_cannot_open_another_offices_community_or_figures(offices):
    client = signed_in_as(offices["longhua"])

    assert client.get("/office/communities/beizhan/").status_code == 404
    assert client.get("/office/communities/qinghu/").status_code == 200
    assert community_names(client.get("/office/?office=1").text) == ["清湖社区"]  # ?office is for operators


def test_an_operator_picks_a_street_office(offices):
    client = signed_in_as(offices["operator"])

    picker = client.get("/office/").text
    minzhi = Community.objects.get(slug="beizhan").street_office_id

    assert "民治街道" in picker and "龙华街道" in picker
    assert community_names(client.get(f"/office/?office={minzhi}").text) == ["北站社区", "民乐社区"]


def test_the_export_holds_the_table_as_sorted_in_csv_and_xlsx(offices):
    # given
    for slug in ("beizhan", "minle"):
        snapshot(slug)
    client = signed_in_as(offices["minzhi"])

    # when
    as_csv = client.get("/office/export.csv?sort=-members_per_thousand")
    as_xlsx = client.get("/office/export.xlsx?sort=-members_per_thousand")

    # then
    rows = list(csv.reader(io.StringIO(b"".join(as_csv.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["社区", "会员人数", "近30天活跃"]
    assert [row[:2] for row in rows[1:]] == [["民乐社区", "1"], ["北站社区", "1"]]
    assert "民治街道" in as_csv["Content-Disposition"] or "%E6%B0%91" in as_csv["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(as_xlsx.streaming_content)), read_only=True)
    values = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    workbook.close()
    assert values[0][0] == "社区"
    assert [row[:2] for row in values[1:]] == [["民乐社区", 1], ["北站社区", 1]]
    assert client.get("/office/export.pdf").status_code == 404
    theirs = signed_in_as(offices["longhua"]).get("/office/export.csv")
    assert theirs.status_code == 200
    assert "北站社区" not in b"".join(theirs.streaming_content).decode()


def test_the_dashboard_runs_as_many_queries_for_two_communities_as_for_five(offices):
    # given
    client = signed_in_as(offices["minzhi"])
    for slug in ("beizhan", "minle"):
        snapshot(slug)
    client.get("/office/")
    with CaptureQueriesContext(connection) as two:
        assert client.get("/office/?sort=-members").status_code == 200
    for slug in ("xinyi", "xiner", "xinsan"):
        make_community(slug, population=1000)
        snapshot(slug)

    # when
    client.get("/office/")
    with CaptureQueriesContext(connection) as five:
        html = client.get("/office/?sort=-members").text

    # then
    assert len(community_names(html)) == 5
    assert len(five) == len(two)


def test_the_charts_add_up_the_communities_and_a_community_page_has_its_own(offices):
    # given
    for slug in ("beizhan", "minle"):
        snapshot(slug)
    client = signed_in_as(offices["minzhi"])

    # when
    dashboard = client.get("/office/").text
    page = client.get("/office/communities/beizhan/").text

    # then: members, active members, hours served, exchanges, drawn on the server
    for html in (dashboard, page):
        assert html.count('<svg class="chart"') == 4
        for chart in ("members", "active_members", "hours_served", "exchanges"):
            assert f'data-chart="{chart}"' in html
    assert (
        'data-chart="members"><figcaption><strong>会员人数</strong> · <span data-latest>2<'
        in dashboard.replace("\n  ", "")
    )
    assert "<script" not in dashboard.split("<main")[1]


def test_a_community_page_shows_billing_and_opens_the_stripe_portal(offices, plans, fake_stripe):
    # given: Beizhan has started paying; Minle has not
    do_start_checkout(community_id=Community.objects.get(slug="beizhan").id, plan_code="standard")
    client = signed_in_as(offices["minzhi"])

    # when
    page = client.get("/office/communities/beizhan/").text
    portal = client.post("/office/communities/beizhan/billing-portal/")
    unpaid = client.get("/office/communities/minle/").text
    refused = client.post("/office/communities/minle/billing-portal/", follow=True)
    foreign = signed_in_as(offices["longhua"]).post("/office/communities/beizhan/billing-portal/")

    # then
    assert 'data-billing="incomplete"' in page and "标准版" in page
    assert portal.status_code == 302 and portal["Location"].startswith(
        "https://billing.stripe.test/p/session/"
    )
    assert fake_stripe.requests[-1].path == "/v1/billing_portal/sessions"
    assert 'data-billing="none"' in unpaid
    assert "billing-portal" not in unpaid
    assert refused.status_code == 200 and "这个社区还没有付费订阅。" in refused.text
    assert [r.path for r in fake_stripe.requests].count("/v1/billing_portal/sessions") == 1
    assert foreign.status_code == 404


def test_the_office_is_on_the_platform_host_only(offices, minle):
    minle_member_count = None
    with schema_context("c_minle"):
        minle_member_count = Member.objects.count()

    response = host_client(minle).get("/office/login/")

    assert response.status_code == 404
    with schema_context("c_minle"):
        assert Member.objects.count() == minle_member_count
