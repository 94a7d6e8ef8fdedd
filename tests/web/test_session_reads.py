"""A page's session and its user, each read with one plain statement (sharepool/credentials/sessions.py
and backends.py), answering what Django's own reads answered."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.web.conftest import add_member
from tests.web.pages import back_to, client_of


def session_reads(client, path: str) -> list[str]:
    client.get(path)  # a session's first request records its schema
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in captured if "django_session" in q["sql"]]


def test_a_signed_in_page_reads_its_session_once_and_writes_nothing(beizhan, minle):
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    reads = session_reads(client_of(beizhan, resident), "/me/")
    assert len(reads) == 1 and reads[0].startswith("SELECT session_data FROM")


def test_an_expired_session_signs_nobody_in_and_is_not_renewed(beizhan, minle):
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    client = client_of(beizhan, resident)
    assert client.get("/me/").status_code == 200
    key = client.cookies["sessionid"].value
    with schema_context(beizhan.schema_name):
        Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    back_to(beizhan)

    response = client.get("/me/")

    assert response.status_code == 302 and response.headers["Location"] == "/login/?next=%2Fme%2F"
    with schema_context(beizhan.schema_name):
        assert Session.objects.get(session_key=key).expire_date < timezone.now()


def test_a_beizhan_session_cookie_means_nothing_on_minle(beizhan, minle):
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    add_member(minle.schema_name, "zhaofang", display_name="民乐的赵芳")
    signed_in = client_of(beizhan, resident)
    signed_in.get("/me/")

    stranger = Client(HTTP_HOST=minle.domain)
    stranger.cookies["sessionid"] = signed_in.cookies["sessionid"].value
    response = stranger.get("/me/")

    assert response.status_code == 302 and response.headers["Location"].startswith("/login/")
    with schema_context(minle.schema_name):
        assert not Session.objects.exists()


def test_a_user_with_no_member_is_read_without_one(beizhan, minle):
    from sharepool.credentials.backends import SessionUserBackend
    from sharepool.tenants.members.models import Member

    with schema_context(beizhan.schema_name):
        user = get_user_model().objects.create_user(username="nobody", password="correct-horse-battery-9")
        read = SessionUserBackend().get_user(user.id)
        with CaptureQueriesContext(connection) as captured, pytest.raises(Member.DoesNotExist):
            print(read.member)
        unknown = SessionUserBackend().get_user(user.id + 1000)

    assert read.username == "nobody" and len(captured) == 0 and unknown is None
