"""/me/, /me/transfers/ and /notifications/: a member's own account (issue 12)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.services import community_pool, do_transfer, member_account_id
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.services import do_update_resident_profile
from sharepool.tenants.notifications.models import Kind, Notification, NotificationPreference
from sharepool.tenants.notifications.services import do_notify
from tests.conftest import TEST_PASSWORD
from tests.web.conftest import add_member, host_client, signed_in


def welcome(community, member, n: int, minutes: int = 60) -> None:
    """n transfers from the community pool to the member (the ledger's own function)."""
    with schema_context(community.schema_name):
        pool, account = community_pool().id, member_account_id(member.id)
        for i in range(n):
            do_transfer(
                idempotency_key=f"welcome-{member.id}-{i}",
                debit_account_id=pool,
                credit_account_id=account,
                amount=minutes,
                kind=Transfer.Kind.WELCOME,
            )


def queries(client, path: str) -> int:
    client.get(path)  # once before counting: the host's community is cached after the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_a_visitor_is_sent_to_sign_in(beizhan):
    for path in ("/me/", "/me/transfers/", "/notifications/"):
        response = host_client(beizhan).get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == f"/login/?next={path.replace('/', '%2F')}"


def test_an_applicant_sees_the_application_instead(beizhan):
    applicant = add_member(beizhan.schema_name, "lihua", status=Member.Status.PENDING)
    client = host_client(beizhan)
    client.post("/login/", {"username": "lihua", "password": TEST_PASSWORD})

    for path in ("/me/", "/me/transfers/", "/notifications/"):
        response = client.get(path)
        assert response.status_code == 200
        assert 'data-application-state="pending"' in response.text
        assert applicant.display_name in response.text


def test_my_account_shows_balance_credit_line_and_hours(beizhan, minle):
    member = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    welcome(beizhan, member, 3, minutes=90)

    response = signed_in(beizhan, member).get("/me/")

    html = response.text
    assert response.status_code == 200
    assert 'data-figure="balance">4.5 小时<' in html
    assert 'data-figure="credit-limit">5 小时<' in html  # the community's default line
    assert 'data-figure="served">0 小时<' in html
    assert html.count("data-transfer=") == 3
    assert 'name="building"' in html and 'name="inApp"' in html and 'name="byEmail"' in html


def test_my_account_is_in_english_for_an_english_browser(beizhan):
    member = add_member(beizhan.schema_name, "zhaofang")
    welcome(beizhan, member, 1)

    html = signed_in(beizhan, member, HTTP_ACCEPT_LANGUAGE="en").get("/me/").text

    assert 'data-figure="balance">1 h<' in html
    assert "Credit line" in html


def test_each_movement_names_the_other_side_a_neighbour_or_the_community_pool(beizhan, minle):
    member = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    neighbour = add_member(beizhan.schema_name, "wangfang", display_name="王芳")
    welcome(beizhan, member, 1)
    with schema_context(beizhan.schema_name):
        do_transfer(
            idempotency_key="drain-fixed",
            debit_account_id=member_account_id(member.id),
            credit_account_id=member_account_id(neighbour.id),
            amount=30,
            kind=Transfer.Kind.EXCHANGE,
        )

    chinese = signed_in(beizhan, member).get("/me/transfers/").text
    english = signed_in(beizhan, member, HTTP_ACCEPT_LANGUAGE="en").get("/me/transfers/").text
    theirs = signed_in(beizhan, neighbour).get("/me/transfers/").text
    in_minle = signed_in(minle, add_member(minle.schema_name, "zhaofang")).get("/me/transfers/").text

    assert "· 社区共享池</td>" in chinese and "· 王芳</td>" in chinese
    assert (
        '<td class="amount-out">−0.5 小时</td>' in chinese and '<td class="amount-in">+1 小时</td>' in chinese
    )
    assert "· community pool</td>" in english
    assert "还没有任何时长收支。" in in_minle and "data-transfer=" not in in_minle
    assert (
        "· 赵芳</td>" in theirs
        and '<td class="amount-in">+0.5 小时</td>' in theirs
        and "共享池" not in theirs
    )


def test_the_profile_is_saved_through_the_domain(beizhan):
    member = add_member(beizhan.schema_name, "zhaofang")
    client = signed_in(beizhan, member)

    response = client.post("/me/", {"building": " 5栋 ", "unit": "1201", "skills": "修水管"})

    assert response.status_code == 302
    with schema_context(beizhan.schema_name):
        member.refresh_from_db()
        assert (member.building.name, member.unit, member.skills) == ("5栋", "1201", "修水管")
    assert "已保存" in client.get("/me/").text


def test_the_profile_form_shows_each_member_s_current_values_and_a_refusal_only_once(beizhan, minle):
    member = add_member(beizhan.schema_name, "zhaofang")
    neighbour = add_member(beizhan.schema_name, "wangfang")
    client = signed_in(beizhan, member)
    client.post("/me/", {"building": "5栋", "unit": "1201", "skills": "修水管"})
    with schema_context(beizhan.schema_name):
        Member.objects.filter(id=neighbour.id).update(unit="302", skills="陪聊")
        do_update_resident_profile(member_id=member.id, building="5栋", unit="1202", skills="修水管")

    mine = client.get("/me/").text
    theirs = signed_in(beizhan, neighbour).get("/me/").text
    in_minle = signed_in(minle, add_member(minle.schema_name, "zhaofang")).get("/me/").text
    refused = client.post("/me/", {"building": "5栋", "unit": "1202", "skills": "bad\x00text"}).text
    again = client.get("/me/").text

    assert 'value="1202"' in mine and "修水管</textarea>" in mine and 'value="1201"' not in mine
    assert 'value="302"' in theirs and "陪聊</textarea>" in theirs and "修水管" not in theirs
    assert 'value="1202"' not in in_minle and "修水管" not in in_minle
    assert 'class="field invalid"' in refused and "bad" in refused
    assert 'class="field invalid"' not in again and "修水管</textarea>" in again


def test_a_profile_with_a_nul_is_refused_on_its_field_and_nothing_changes(beizhan):
    member = add_member(beizhan.schema_name, "zhaofang")
    client = signed_in(beizhan, member)

    response = client.post("/me/", {"building": "5栋", "unit": "1201", "skills": "bad\x00text"})

    assert response.status_code == 400
    assert list(response.context["profile"].errors) == ["skills"]
    with schema_context(beizhan.schema_name):
        member.refresh_from_db()
    assert (member.building, member.unit, member.skills) == (None, "", "")


def test_a_notification_preference_is_saved_by_its_kind(beizhan):
    member = add_member(beizhan.schema_name, "zhaofang")
    client = signed_in(beizhan, member)

    client.post("/me/notification-preferences/", {"kind": Kind.EXCHANGE_PROPOSED, "inApp": "on"})

    with schema_context(beizhan.schema_name):
        preference = NotificationPreference.objects.get(member=member)
    assert (preference.kind, preference.in_app, preference.by_email) == (Kind.EXCHANGE_PROPOSED, True, False)


def test_an_unknown_kind_of_notification_changes_nothing(beizhan):
    member = add_member(beizhan.schema_name, "zhaofang")
    client = signed_in(beizhan, member)

    client.post("/me/notification-preferences/", {"kind": "no_such_kind", "inApp": "on"})

    with schema_context(beizhan.schema_name):
        assert NotificationPreference.objects.count() == 0
    assert "未知的通知类型。" in client.get("/me/").text


def test_the_history_is_paginated_twenty_a_page(beizhan):
    member = add_member(beizhan.schema_name, "zhaofang")
    welcome(beizhan, member, 25)
    client = signed_in(beizhan, member)

    first = client.get("/me/transfers/").text
    second = client.get("/me/transfers/?page=2").text

    assert first.count("data-transfer=") == 20
    assert second.count("data-transfer=") == 5
    assert 'data-figure="balance">25 小时<' in first
    assert "第 1 页，共 2 页" in first and "第 2 页，共 2 页" in second


def test_a_page_number_past_the_end_or_not_a_number_shows_the_last_or_the_first_page(beizhan):
    member = add_member(beizhan.schema_name, "zhaofang")
    welcome(beizhan, member, 25)
    client = signed_in(beizhan, member)

    past_the_end = client.get("/me/transfers/?page=9").text
    not_a_number = client.get("/me/transfers/?page=x").text
    negative = client.get("/me/transfers/?page=-3").text

    assert past_the_end.count("data-transfer=") == 5 and "第 2 页，共 2 页" in past_the_end
    assert not_a_number.count("data-transfer=") == 20 and "第 1 页，共 2 页" in not_a_number
    assert negative.count("data-transfer=") == 5


@pytest.mark.parametrize("path", ["/me/", "/me/transfers/"])
def test_the_account_pages_run_as_many_queries_for_3_movements_as_for_25(beizhan, path):
    few = add_member(beizhan.schema_name, "few")
    many = add_member(beizhan.schema_name, "many")
    welcome(beizhan, few, 3)
    welcome(beizhan, many, 25)

    assert queries(signed_in(beizhan, few), path) == queries(signed_in(beizhan, many), path)


def test_another_communitys_member_sees_nothing_of_this_one(beizhan, minle):
    here = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    welcome(beizhan, here, 2)
    there = add_member(minle.schema_name, "zhaofang", display_name="民乐赵芳")

    html = signed_in(minle, there).get("/me/transfers/").text

    assert "data-transfer=" not in html
    assert "赵芳" not in html.replace("民乐赵芳", "")


def notify(community, member, n: int) -> list[int]:
    with schema_context(community.schema_name):
        return [
            do_notify(member_id=member.id, kind=Kind.EXCHANGE_PROPOSED, body=f"邻居想和您交换服务 {i}").id
            for i in range(n)
        ]


def test_notifications_are_read_and_marked_read_one_at_a_time_or_all(beizhan, minle):
    member = add_member(beizhan.schema_name, "zhaofang")
    ids = notify(beizhan, member, 3)
    client = signed_in(beizhan, member)

    page = client.get("/notifications/").text
    one = client.post("/notifications/", {"ids": [ids[0]]})
    after_one = client.get("/notifications/").text
    client.post("/notifications/", {})

    assert page.count('class="unread"') == 3 and "邻居想和您交换服务 2" in page
    assert one.status_code == 302
    assert after_one.count('class="unread"') == 2
    with schema_context(beizhan.schema_name):
        assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_every_page_of_messages_counts_all_the_unread_ones(beizhan, minle):
    member = add_member(beizhan.schema_name, "zhaofang")
    neighbour = add_member(beizhan.schema_name, "neighbour")
    ids = notify(beizhan, member, 25)
    notify(beizhan, neighbour, 4)
    namesake = add_member(minle.schema_name, "zhaofang")
    notify(minle, namesake, 7)
    client = signed_in(beizhan, member)
    client.post("/notifications/", {"ids": ids[:3]})

    first, second = client.get("/notifications/").text, client.get("/notifications/?page=2").text
    client.post("/notifications/", {})
    none_left = client.get("/notifications/").text
    nothing = signed_in(beizhan, add_member(beizhan.schema_name, "newcomer")).get("/notifications/").text
    in_minle = signed_in(minle, namesake).get("/notifications/").text

    assert 'data-unread="22"' in first and "22 条未读" in first
    assert 'data-unread="22"' in second and second.count('<li id="notification-') == 5
    assert 'data-unread="0"' in none_left and "全部标为已读" not in none_left
    assert 'data-unread="0"' in nothing
    assert 'data-unread="7"' in in_minle and in_minle.count('<li id="notification-') == 7


def test_htmx_marks_one_notification_and_gets_the_item_back(beizhan):
    member = add_member(beizhan.schema_name, "zhaofang")
    [notification_id] = notify(beizhan, member, 1)

    response = signed_in(beizhan, member).post(
        "/notifications/", {"ids": [notification_id]}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response.text.startswith(f'<li id="notification-{notification_id}"')
    assert 'class="unread"' not in response.text


def test_nobody_marks_another_members_notifications(beizhan):
    owner = add_member(beizhan.schema_name, "owner")
    other = add_member(beizhan.schema_name, "other")
    [notification_id] = notify(beizhan, owner, 1)

    signed_in(beizhan, other).post("/notifications/", {"ids": [notification_id]})

    with schema_context(beizhan.schema_name):
        assert Notification.objects.get(id=notification_id).read_at is None


def test_a_bad_id_marks_nothing_and_is_no_error(beizhan):
    member = add_member(beizhan.schema_name, "zhaofang")
    notify(beizhan, member, 1)

    response = signed_in(beizhan, member).post("/notifications/", {"ids": ["abc"]})

    assert response.status_code == 302
    with schema_context(beizhan.schema_name):
        assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_the_notifications_page_runs_as_many_queries_for_2_as_for_30(beizhan):
    few = add_member(beizhan.schema_name, "few")
    many = add_member(beizhan.schema_name, "many")
    notify(beizhan, few, 2)
    notify(beizhan, many, 30)

    assert queries(signed_in(beizhan, few), "/notifications/") == queries(
        signed_in(beizhan, many), "/notifications/"
    )
