import io
import json
import logging
import re

import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from sharepool.core.background import queue_in_schema
from sharepool.platform.monitoring import RequestContextFilter, ScrubbingJsonFormatter
from sharepool.tenants.members.models import Member
from sharepool.tenants.notifications.models import Notification
from sharepool.tenants.notifications.tasks import deliver_notification_task


@pytest.fixture
def json_log():
    """The production log configuration (JSON, with the context filter), on a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(ScrubbingJsonFormatter(fmt=settings.LOGGING["formatters"]["json"]["fmt"]))
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.platform.monitoring.failing"


def test_a_request_logs_json_with_its_community_and_request_id_and_no_personal_data(
    beizhan, minle, json_log, failing_urls
):
    # when
    response = Client(raise_request_exception=False).get(
        "/failing/", HTTP_HOST=beizhan.domain, HTTP_X_REQUEST_ID="req-log-00000001"
    )

    # then
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-log-00000001"
    (record,) = [line for line in json_log() if line["name"] == "django.request"]
    assert (record["community"], record["request_id"], record["levelname"]) == (
        "beizhan",
        "req-log-00000001",
        "ERROR",
    )
    assert record["message"] == "Internal Server Error: /failing/"
    assert "13812345678" not in record["exc_info"] and "11010119900307123X" not in record["exc_info"]
    assert "could not call [Filtered]" in record["exc_info"]


def test_a_request_without_an_id_gets_one_and_a_malformed_id_is_replaced(beizhan, minle):
    # when
    plain = Client().get("/", HTTP_HOST=beizhan.domain)
    forged = Client().get("/", HTTP_HOST=beizhan.domain, HTTP_X_REQUEST_ID="x\nInjected: 1")

    # then
    assert re.fullmatch(r"[0-9a-f]{32}", plain["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])
    assert plain["X-Request-ID"] != forged["X-Request-ID"]


def test_a_task_logs_its_community_and_task_id(beizhan, minle, json_log):
    # given
    with schema_context(beizhan.schema_name):
        notification = Notification.objects.create(
            member=Member.objects.get(), kind="activity_reminder", body="x"
        )

    # when
    queue_in_schema(deliver_notification_task, beizhan.schema_name, notification_id=notification.id)

    # then
    (record,) = [line for line in json_log() if line["name"] == "celery.app.trace"]
    assert record["community"] == "beizhan"
    assert record["message"].startswith(f"Task notifications.deliver[{record['request_id']}] succeeded")
