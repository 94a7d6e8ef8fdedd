"""The database refuses connections for a while (issue #10): every request answers a clean 503.

GraphQL answers JSON with code `unavailable` and Retry-After on both hosts, the pages a plain 503 page;
when the database is back, the same requests work. (That the ledger stays consistent when a connection
dies mid-transfer is tests/tenants/ledger/test_concurrency.py.)
"""

import psycopg
from django.db import close_old_connections, connection
from django.test import Client

from tests.conftest import TEST_PASSWORD
from tests.faults.checks import assert_ledger_clean
from tests.faults.outage import database_refusing_connections
from tests.platform.background.conftest import psycopg_params_of_test_db

UNAVAILABLE = {
    "errors": [
        {
            "message": "服务暂时不可用，请几秒钟后再试。",
            "extensions": {"code": "unavailable"},
        }
    ]
}


def post_graphql(client: Client, host: str, query: str, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(
        "/graphql/", {"query": query}, content_type="application/json", HTTP_HOST=host, **headers
    )


def login(client: Client, host: str, username: str) -> str:
    query = f'mutation {{ login(username: "{username}", password: "{TEST_PASSWORD}") {{ token }} }}'
    return post_graphql(client, host, query).json()["data"]["login"]["token"]


def test_graphql_on_both_hosts_answers_json_503_unavailable_while_the_database_is_away(committed_communities):
    # given: two communities, and a signed-in admin
    beizhan = committed_communities("beizhan")
    committed_communities("minle")
    client = Client(raise_request_exception=False)
    token = login(client, beizhan.domain, "admin")

    # when: the database refuses connections
    with database_refusing_connections():
        answers = [
            post_graphql(client, beizhan.domain, "{ me { displayName } }", token),
            post_graphql(client, beizhan.domain, "{ __typename }"),
            post_graphql(client, "localhost", "{ __typename }"),
            post_graphql(client, "localhost", 'mutation { login(username: "x", password: "y") { token } }'),
        ]

    # then: each a JSON 503 with the code and a time to wait
    for response in answers:
        assert response.status_code == 503
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Retry-After"] == "5"
        assert response.json() == UNAVAILABLE

    # then: when it is back, the same client is answered
    back = post_graphql(client, beizhan.domain, "{ me { displayName } }", token)
    assert back.status_code == 200 and back.json()["data"]["me"]["displayName"]
    assert_ledger_clean()


def test_pages_answer_a_plain_503_page_while_the_database_is_away(committed_communities):
    # given
    beizhan = committed_communities("beizhan")
    committed_communities("minle")
    client = Client(raise_request_exception=False)

    # when
    with database_refusing_connections():
        pages = [client.get("/", HTTP_HOST=beizhan.domain), client.get("/", HTTP_HOST="localhost")]

    # then: a short page in Chinese, no traceback, and when to come back
    for page in pages:
        text = page.content.decode()
        assert page.status_code == 503
        assert page["Content-Type"] == "text/html; charset=utf-8"
        assert page["Retry-After"] == "5"
        assert "服务暂时不可用" in text
        assert "Traceback" not in text and "OperationalError" not in text
    assert client.get("/", HTTP_HOST=beizhan.domain).status_code == 200


def test_healthz_answers_503_on_a_connection_the_server_ended_and_200_once_it_is_replaced(
    committed_communities,
):
    # given: a worker whose connection answered a first probe
    committed_communities("beizhan")
    client = Client(raise_request_exception=False)
    assert client.get("/healthz", HTTP_HOST="localhost").status_code == 200

    # when: the server ends that connection (a failover, an administrator)
    with psycopg.connect(**psycopg_params_of_test_db(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    ended = client.get("/healthz", HTTP_HOST="beizhan.localhost")
    # what Django does at the end of every request under a server (the test client leaves it out)
    close_old_connections()
    replaced = client.get("/healthz", HTTP_HOST="beizhan.localhost")

    # then
    assert ended.status_code == 503
    assert ended.json() == {"status": "unavailable", "database": "unavailable"}
    assert replaced.status_code == 200 and replaced.json() == {"status": "ok", "database": "ok"}
