"""What an authenticated API call costs the database (issues 15 and 12): the token look-up, and the search_path
only when the connection is not on the community's already.

Before: a health ping, `SET search_path` twice, the host's domain look-up and an ORM token query; then
(issue 15) a `SET search_path` on every call.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member
from sharepool.tenants.timebank.models import Category
from sharepool.tenants.timebank.services import do_post_offer
from tests.graphql.conftest import add_member, gql, token_for

ME = "{ me { displayName memberNumber } }"


def statements(host: str, token: str) -> tuple[list[str], dict]:
    with CaptureQueriesContext(connection) as queries:
        response = gql(host, ME, token=token)
    return [query["sql"] for query in queries.captured_queries], response.json()


def test_a_repeated_call_to_the_same_community_sends_only_the_token_look_up(beizhan, minle, sign_in):
    # given: a first call has looked the host up and set the connection's search_path
    resident = sign_in("resident")
    first, _body = statements(beizhan.domain, resident.token)

    # when
    sent, body = statements(beizhan.domain, resident.token)

    # then
    assert 'SET search_path = "c_beizhan","public"' in first
    assert body == {"data": {"me": {"displayName": resident.member.display_name, "memberNumber": 2}}}
    assert len(sent) == 1 and "key_hash" in sent[0]


def test_a_call_back_on_the_first_community_sets_its_path_again_and_reads_its_own_rows(
    beizhan, minle, sign_in
):
    # given: Beizhan's resident and Minle's, each called once, Beizhan then Minle
    resident = sign_in("resident")
    minle_token = token_for(
        minle.schema_name, add_member(minle.schema_name, "minle", display_name="民乐居民")
    )
    statements(beizhan.domain, resident.token)
    on_minle, minle_body = statements(minle.domain, minle_token)

    # when: Beizhan again, on the connection Minle's call left on Minle's path
    sent, body = statements(beizhan.domain, resident.token)

    # then
    assert 'SET search_path = "c_minle","public"' in on_minle
    assert minle_body == {"data": {"me": {"displayName": "民乐居民", "memberNumber": 2}}}
    assert sent[0] == 'SET search_path = "c_beizhan","public"'
    assert body == {"data": {"me": {"displayName": resident.member.display_name, "memberNumber": 2}}}


def test_a_call_to_another_community_sets_its_own_search_path(beizhan, minle, sign_in):
    # given
    resident = sign_in("resident")
    statements(beizhan.domain, resident.token)

    # when: the same token on minle's host
    sent, body = statements(minle.domain, resident.token)

    # then: the connection moved to minle's schema, where the token is unknown
    assert any(sql.startswith("SET search_path") and "c_minle" in sql for sql in sent)
    assert body["errors"][0]["extensions"]["code"] == "token_invalid"


OFFERS = "{ offers(limit: 20) { totalCount items { title category { name } member { displayName } } } }"


def post_offers(schema_name: str, count: int) -> None:
    with schema_context(schema_name):
        category = Category.objects.order_by("id").first()
        for index in range(count):
            member = add_member(schema_name, f"offerer{Member.objects.count()}-{index}")
            do_post_offer(actor_id=member.id, category_id=category.id, title=f"服务{index}")


def offers_statements(host: str, token: str) -> tuple[list[str], dict]:
    with CaptureQueriesContext(connection) as queries:
        response = gql(host, OFFERS, token=token)
    return [query["sql"] for query in queries.captured_queries], response.json()


def test_a_page_of_offers_with_their_members_and_categories_is_one_statement(beizhan, minle, sign_in):
    # given: 2 offers, then 20, each by another member; minle has offers of its own
    resident = sign_in("resident")
    post_offers(minle.schema_name, 3)
    post_offers(beizhan.schema_name, 2)
    offers_statements(beizhan.domain, resident.token)
    few, few_body = offers_statements(beizhan.domain, resident.token)

    # when
    post_offers(beizhan.schema_name, 18)
    many, many_body = offers_statements(beizhan.domain, resident.token)

    # then: the token, and the page with its total, members and categories (and the search_path when
    # the connection was moved off Beizhan's meanwhile)
    assert few_body["data"]["offers"]["totalCount"] == 2
    assert many_body["data"]["offers"]["totalCount"] == 20
    assert len(many_body["data"]["offers"]["items"]) == 20
    assert all(
        item["member"]["displayName"].startswith("offerer") for item in many_body["data"]["offers"]["items"]
    )
    reads = [[sql for sql in sent if not sql.startswith("SET search_path")] for sent in (few, many)]
    assert len(reads[0]) == len(reads[1]) == 2


def test_a_page_past_the_end_still_knows_the_total(beizhan, sign_in):
    # given
    resident = sign_in("resident")
    post_offers(beizhan.schema_name, 3)

    # when
    body = gql(
        beizhan.domain, "{ offers(limit: 2, offset: 5) { totalCount items { title } } }", token=resident.token
    )

    # then
    assert body.json()["data"]["offers"] == {"totalCount": 3, "items": []}
