"""The members list: who sees whom, masked personal data, pages, and no N+1."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member
from tests.graphql.conftest import add_member, gql

MEMBERS = """
query ($status: MemberStatus, $limit: Int, $offset: Int) {
  members(status: $status, limit: $limit, offset: $offset) {
    totalCount limit offset
    items { displayName memberNumber status phone username }
  }
}"""


def page(response) -> dict:
    return response.json()["data"]["members"]


def test_a_resident_sees_active_members_with_phones_masked_except_their_own(beizhan, minle, sign_in):
    # given
    resident = sign_in("resident")  # 13800138000, number 2
    add_member(beizhan.schema_name, "neighbour", phone="13712345678")  # number 3
    add_member(beizhan.schema_name, "applicant", status="pending", phone="13600000000")
    add_member(minle.schema_name, "minle-resident", phone="13500000000")

    # when
    response = gql("beizhan.localhost", MEMBERS, token=resident.token)

    # then
    assert page(response) == {
        "totalCount": 3,
        "limit": 20,
        "offset": 0,
        "items": [
            {"displayName": "管理员", "memberNumber": 1, "status": "ACTIVE", "phone": "", "username": None},
            {
                "displayName": "resident-active",
                "memberNumber": 2,
                "status": "ACTIVE",
                "phone": "13800138000",
                "username": "resident-active",
            },
            {
                "displayName": "neighbour",
                "memberNumber": 3,
                "status": "ACTIVE",
                "phone": "137****5678",
                "username": None,
            },
        ],
    }


def test_a_resident_may_not_list_applicants(beizhan, sign_in):
    resident = sign_in("resident")

    response = gql("beizhan.localhost", MEMBERS, {"status": "PENDING"}, token=resident.token)

    assert response.json()["data"] == {"members": None}
    assert response.json()["errors"][0]["extensions"] == {"code": "permission_denied", "field": "status"}


def test_a_community_worker_sees_applicants_and_phones(beizhan, minle, sign_in):
    worker = sign_in("worker")
    add_member(beizhan.schema_name, "applicant", status="pending", phone="13600000000")
    add_member(minle.schema_name, "minle-applicant", status="pending")

    everyone = gql("beizhan.localhost", MEMBERS, token=worker.token)
    pending = gql("beizhan.localhost", MEMBERS, {"status": "PENDING"}, token=worker.token)

    assert page(everyone)["totalCount"] == 3
    assert page(pending)["items"] == [
        {
            "displayName": "applicant",
            "memberNumber": None,
            "status": "PENDING",
            "phone": "13600000000",
            "username": "applicant",
        }
    ]


def test_pages_are_bounded(beizhan, sign_in):
    worker = sign_in("worker")
    for n in range(3):
        add_member(beizhan.schema_name, f"m{n}")

    second_page = gql("beizhan.localhost", MEMBERS, {"limit": 2, "offset": 2}, token=worker.token)
    too_many = gql("beizhan.localhost", MEMBERS, {"limit": 101}, token=worker.token)
    negative = gql("beizhan.localhost", MEMBERS, {"offset": -1}, token=worker.token)

    assert page(second_page)["totalCount"] == 5
    assert [item["memberNumber"] for item in page(second_page)["items"]] == [3, 4]
    assert too_many.json()["errors"][0]["extensions"] == {"code": "pagination_invalid", "field": "limit"}
    assert too_many.json()["errors"][0]["message"] == "limit 必须在 1 到 100 之间。"
    assert negative.json()["errors"][0]["extensions"] == {"code": "pagination_invalid", "field": "offset"}


def add_many(schema_name: str, count: int) -> None:
    with schema_context(schema_name):
        start = Member.objects.count() + 1
        users = get_user_model().objects.bulk_create(
            [get_user_model()(username=f"bulk{n}") for n in range(start, start + count)]
        )
        Member.objects.bulk_create(
            [
                Member(user=user, display_name=user.username, status="active", member_number=1000 + user.id)
                for user in users
            ]
        )


def queries_for_members(token: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = gql("beizhan.localhost", MEMBERS, {"limit": 100}, token=token)
    # django-tenants may set the search_path before each query; count the queries that read data
    reads = [query for query in queries.captured_queries if not query["sql"].startswith("SET search_path")]
    return len(reads), page(response)["totalCount"]


def test_the_members_list_costs_the_same_queries_for_2_and_for_50(beizhan, minle, sign_in):
    # given: a worker (who sees usernames, loaded through UserByIdLoader) and the admin: 2 members
    worker = sign_in("worker")
    queries_for_members(worker.token)  # the host is looked up once, then cached (issue 15)
    two = queries_for_members(worker.token)

    # when: 48 more
    add_many(beizhan.schema_name, 48)
    fifty = queries_for_members(worker.token)

    # then
    assert (two[1], fifty[1]) == (2, 50)
    assert two[0] == fifty[0] == 3  # token, the page with its total (issue 15), users (one batch)
