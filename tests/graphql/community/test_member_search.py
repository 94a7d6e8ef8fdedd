"""members(search:): the console's search through the API, with the same rules (issue 14)."""

from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member
from tests.graphql.conftest import add_member, gql, token_for

SEARCH = """query ($s: String, $st: MemberStatus) {
  members(search: $s, status: $st, limit: 20) { items { displayName phone } } }"""


def names(response) -> list[str]:
    return [member["displayName"] for member in response.json()["data"]["members"]["items"]]


def test_a_worker_searches_by_name_number_and_phone(beizhan, minle):
    # given
    schema = beizhan.schema_name
    worker = add_member(schema, "wangsg", role=Member.Role.WORKER, phone="13700000000")
    alice = add_member(schema, "zhang", display_name="张阿姨", phone="13900001111")
    add_member(schema, "liu", display_name="刘师傅", phone="13900002222")
    add_member(minle.schema_name, "zhang2", display_name="张阿姨的邻居", phone="13900001111")
    token = token_for(schema, worker)

    # when / then
    assert names(gql(beizhan.domain, SEARCH, {"s": "张"}, token=token)) == ["张阿姨"]
    assert names(gql(beizhan.domain, SEARCH, {"s": str(alice.member_number)}, token=token)) == ["张阿姨"]
    by_phone = gql(beizhan.domain, SEARCH, {"s": "2222"}, token=token).json()["data"]["members"]["items"]
    assert by_phone == [{"displayName": "刘师傅", "phone": "13900002222"}]


def test_a_resident_neither_searches_by_phone_nor_sees_applicants(beizhan):
    schema = beizhan.schema_name
    resident = add_member(schema, "res", phone="13700000000")
    add_member(schema, "liu", display_name="刘师傅", phone="13900002222")
    add_member(schema, "zhou", display_name="周敏", status=Member.Status.PENDING)
    token = token_for(schema, resident)

    assert names(gql(beizhan.domain, SEARCH, {"s": "2222"}, token=token)) == []
    found = gql(beizhan.domain, SEARCH, {"s": "刘"}, token=token).json()["data"]["members"]["items"]
    assert found == [{"displayName": "刘师傅", "phone": "139****2222"}]
    assert names(gql(beizhan.domain, SEARCH, {"s": "周"}, token=token)) == []
    with schema_context(schema):
        assert Member.objects.filter(display_name="周敏").exists()
