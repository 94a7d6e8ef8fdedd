"""The broker is down when a write commits (issue #10): the write is answered as committed, its task waits
in the outbox, and the relay sends it once the broker is back; the worker runs it once."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django_tenants.utils import schema_context

from sharepool.core.background import relay_outbox
from sharepool.core.models import OutboxTask
from sharepool.platform.communities.models import Community
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.timebank.models import Exchange
from tests.conftest import TEST_PASSWORD
from tests.faults.broker import broker_down
from tests.faults.checks import assert_ledger_clean
from tests.graphql.community.timebank.test_timebank_api import (
    ACCEPT,
    COMPLETE,
    CONFIRM,
    POST_OFFER,
    PROPOSE,
    data,
    people,
)
from tests.graphql.conftest import gql
from tests.graphql.platform.conftest import staff_token
from tests.platform.background.conftest import wait_until
from tests.tenants.cast import tenant_state


def outbox() -> list[tuple[str, str]]:
    return list(OutboxTask.objects.order_by("id").values_list("task_name", "schema_name"))


def test_confirm_exchange_with_the_broker_down_answers_confirmed_and_mails_once_it_is_back(
    committed_communities, celery_worker
):
    # given: an exchange done and waiting for confirmation; both residents have an address; and minle
    beizhan, minle = committed_communities("beizhan"), committed_communities("minle")
    with transaction.atomic():
        cast = people(beizhan)
    with schema_context(beizhan.schema_name):
        get_user_model().objects.exclude(username="admin").update(email="resident@beizhan.test")
    with schema_context(minle.schema_name):
        minle_before = tenant_state()
    host = beizhan.domain
    offer = data(
        gql(
            host,
            POST_OFFER,
            {"input": {"categoryId": cast["plumbing"], "title": "修水管"}},
            token=cast["bob"],
        ),
        "postOffer",
    )
    exchange_id = data(
        gql(host, PROPOSE, {"offer": offer["offer"]["id"]}, token=cast["alice"]), "proposeExchange"
    )["exchange"]["id"]
    data(gql(host, ACCEPT, {"id": exchange_id}, token=cast["bob"]), "acceptExchange")
    data(gql(host, COMPLETE, {"id": exchange_id, "minutes": 90}, token=cast["bob"]), "completeExchange")
    wait_until(lambda: not OutboxTask.objects.exists(), what="earlier tasks to be sent")
    with schema_context(beizhan.schema_name):
        # Sent is not delivered: the worker may still be mailing the completion when the broker goes down.
        wait_until(
            lambda: not Notification.objects.filter(delivered_at__isnull=True).exists(),
            what="earlier notifications to be delivered",
        )
    celery_worker.clear_mail()

    # when: Alice confirms while the broker is down
    with broker_down():
        confirmed = data(
            gql(host, CONFIRM, {"id": exchange_id, "key": "c-1"}, token=cast["alice"]), "confirmExchange"
        )

    # then: answered as what it is, committed; the delivery waits in the outbox
    assert confirmed["exchange"]["state"] == "CONFIRMED" and confirmed["errors"] == []
    with schema_context(beizhan.schema_name):
        assert Exchange.objects.get().state == "confirmed"
        undelivered = list(
            Notification.objects.filter(delivered_at__isnull=True).values_list("id", flat=True)
        )
    assert undelivered
    assert outbox() == [("notifications.deliver", beizhan.schema_name)] * len(undelivered)

    # when: the broker is back and the sweep runs
    sent, waiting = relay_outbox()

    # then: each mail sent once, nothing left, the ledger whole, minle untouched
    assert (sent, waiting) == (len(undelivered), 0)
    with schema_context(beizhan.schema_name):
        wait_until(
            lambda: not Notification.objects.filter(delivered_at__isnull=True).exists(), what="delivery"
        )
    assert len(celery_worker.sent_mail()) == len(undelivered)
    with schema_context(minle.schema_name):
        assert tenant_state() == minle_before
    assert_ledger_clean()


ONBOARD = """mutation { onboardCommunity(input: {slug: "xinniu", name: "新牛社区"}) {
  community { slug status } adminUsername adminPassword errors { code } } }"""


def test_onboard_community_with_the_broker_down_shows_the_admin_password(
    committed_communities, onboarded_slugs
):
    # given: staff of 民治街道, and another community
    committed_communities("minle")
    token = staff_token("minzhi", "民治街道")
    onboarded_slugs.append("xinniu")

    # when
    with broker_down():
        answer = gql("localhost", ONBOARD, token=token).json()

    # then: the community is there and its admin can sign in with the password shown
    payload = answer["data"]["onboardCommunity"]
    assert payload["errors"] == [] and payload["community"] == {"slug": "xinniu", "status": "ACTIVE"}
    with schema_context("c_xinniu"):
        assert get_user_model().objects.get(username="admin").check_password(payload["adminPassword"])
    assert outbox() == [("communities.refill_schema_pool", "public")]
    assert_ledger_clean()


def test_onboard_community_in_background_with_the_broker_down_says_so_and_finishes_when_it_is_back(
    committed_communities, onboarded_slugs, celery_worker
):
    # given
    committed_communities("minle")
    onboarded_slugs.append("xinniu")
    out, err = io.StringIO(), io.StringIO()

    # when
    with broker_down():
        call_command(
            "onboard_community",
            "--slug",
            "xinniu",
            "--name",
            "新牛社区",
            "--street-office",
            "民治街道",
            "--admin-password",
            TEST_PASSWORD,
            "--in-background",
            stdout=out,
            stderr=err,
        )

    # then: no traceback; the community is recorded, and the command says the broker did not answer
    assert out.getvalue() == "http://xinniu.localhost:8000/\n"
    assert "status: provisioning" in err.getvalue()
    assert "broker" in err.getvalue() and "unreachable" in err.getvalue()
    assert Community.objects.get(slug="xinniu").status == "provisioning"
    assert outbox() == [("communities.finish_onboarding", "public")]

    # when: the broker is back
    relay_outbox()

    # then
    wait_until(lambda: Community.objects.get(slug="xinniu").status == "active", timeout=60, what="onboarding")
    with schema_context("c_xinniu"):
        assert get_user_model().objects.get(username="admin").check_password(TEST_PASSWORD)
    assert_ledger_clean()
