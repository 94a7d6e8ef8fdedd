"""What an authenticated API call costs the database (issue 15): one statement, the token look-up.

Before: a health ping, `SET search_path` twice, the host's domain look-up and an ORM token query.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.graphql.conftest import gql

ME = "{ me { displayName memberNumber } }"


def statements(host: str, token: str) -> tuple[list[str], dict]:
    with CaptureQueriesContext(connection) as queries:
        response = gql(host, ME, token=token)
    return [query["sql"] for query in queries.captured_queries], response.json()


def test_a_repeated_call_to_the_same_community_sends_only_the_token_look_up(beizhan, minle, sign_in):
    # given: a first call has looked the host up and set the connection's search_path
    resident = sign_in("resident")
    statements(beizhan.domain, resident.token)

    # when
    sent, body = statements(beizhan.domain, resident.token)

    # then
    assert body == {"data": {"me": {"displayName": resident.member.display_name, "memberNumber": 2}}}
    assert len(sent) == 1
    assert "key_hash" in sent[0]


def test_a_call_to_another_community_sets_its_own_search_path(beizhan, minle, sign_in):
    # given
    resident = sign_in("resident")
    statements(beizhan.domain, resident.token)

    # when: the same token on minle's host
    sent, body = statements(minle.domain, resident.token)

    # then: the connection moved to minle's schema, where the token is unknown
    assert any(sql.startswith("SET search_path") and "c_minle" in sql for sql in sent)
    assert body["errors"][0]["extensions"]["code"] == "token_invalid"
