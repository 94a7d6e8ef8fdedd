"""Database connections terminated mid-load (issue #10): pg_terminate_backend on every client backend of
the test database, over and over, while four clients credit hours through the API.

Every answer is either the operation's result or a JSON 503 `unavailable`; a 503 is retried with the
same idempotency key once the database is quiet; then every member holds exactly what the acknowledged
answers say, each key posted once, and the ledger's invariants hold.
"""

import threading
import time

import psycopg
from django.db import connection, transaction
from django.test import Client
from django_tenants.utils import schema_context

from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.members.models import Member
from tests.conftest import TEST_PASSWORD
from tests.faults.checks import assert_ledger_clean
from tests.graphql.conftest import add_member
from tests.platform.background.conftest import psycopg_params_of_test_db
from tests.tenants.cast import balance, tenant_state

ADJUST = """mutation ($member: ID!, $key: String!) {
  adjustBalance(memberId: $member, minutes: 10, reason: "志愿服务补记", idempotencyKey: $key) {
    transfer { amountMinutes } errors { code } } }"""
CLIENTS = 4
REQUESTS_EACH = 12


def adjust(client: Client, host: str, token: str, member_id: int, key: str):
    return client.post(
        "/graphql/",
        {"query": ADJUST, "variables": {"member": str(member_id), "key": key}},
        content_type="application/json",
        HTTP_HOST=host,
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def acknowledged(response) -> bool | None:
    """True for the operation's result, False for 503 unavailable; anything else is a failure of the test."""
    if response.status_code == 503:
        assert response.json()["errors"][0]["extensions"]["code"] == "unavailable"
        return False
    assert response.status_code == 200, response.content
    payload = response.json()["data"]["adjustBalance"]
    assert payload == {"transfer": {"amountMinutes": 10}, "errors": []}, response.json()
    return True


def test_terminated_connections_answer_503_and_lose_or_double_nothing(committed_communities):
    # given: four residents, the admin signed in, and minle
    beizhan = committed_communities("beizhan")
    minle = committed_communities("minle")
    with transaction.atomic():
        residents = [add_member(beizhan.schema_name, f"resident{i}").id for i in range(CLIENTS)]
    with schema_context(minle.schema_name):
        minle_before = tenant_state()
    login = Client().post(
        "/graphql/",
        {"query": f'mutation {{ login(username: "admin", password: "{TEST_PASSWORD}") {{ token }} }}'},
        content_type="application/json",
        HTTP_HOST=beizhan.domain,
    )
    token = login.json()["data"]["login"]["token"]
    connection.close()  # the test's own connection is not one the killer should spare

    # when: four clients post while every client backend is terminated every 30 ms
    answers: dict[str, bool] = {}
    failures: list[BaseException] = []
    done = threading.Event()

    def client_thread(index: int) -> None:
        client = Client(raise_request_exception=False)
        try:
            for n in range(REQUESTS_EACH):
                key = f"load-{index}-{n}"
                answers[key] = acknowledged(adjust(client, beizhan.domain, token, residents[index], key))
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connection.close()

    def killer() -> None:
        with psycopg.connect(**psycopg_params_of_test_db(), autocommit=True) as admin:
            while not done.is_set():
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                )
                time.sleep(0.03)

    killing = threading.Thread(target=killer)
    killing.start()
    clients = [threading.Thread(target=client_thread, args=(i,)) for i in range(CLIENTS)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    done.set()
    killing.join()
    assert failures == []
    refused = sorted(key for key, ok in answers.items() if not ok)

    # when: the database is quiet, each unacknowledged request is asked again with its key
    client = Client(raise_request_exception=False)
    for key in refused:
        index = int(key.split("-")[1])
        assert acknowledged(adjust(client, beizhan.domain, token, residents[index], key))

    # then: some requests did meet a dead connection, and yet each key was posted exactly once
    assert len(answers) == CLIENTS * REQUESTS_EACH and refused, "the killer never hit a request"
    with schema_context(beizhan.schema_name):
        posted = list(
            Transfer.objects.filter(idempotency_key__startswith="load-").values_list(
                "idempotency_key", flat=True
            )
        )
        assert sorted(posted) == sorted(answers)
        assert [balance(Member.objects.get(id=member_id)) for member_id in residents] == [
            10 * REQUESTS_EACH
        ] * CLIENTS
    with schema_context(minle.schema_name):
        assert tenant_state() == minle_before
    assert_ledger_clean()
