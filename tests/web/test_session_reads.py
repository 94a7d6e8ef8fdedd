"""A page's session read with its user in one plain statement (sharepool/credentials/sessions/ and
backends.py), signing in whom Django's own reads signed in, and no one else."""

import importlib
from datetime import timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.credentials.sessions.models import Session
from sharepool.platform.hosts import SESSION_SCHEMA_KEY
from tests.conftest import TEST_PASSWORD
from tests.web.conftest import add_member, host_client
from tests.web.pages import back_to, client_of

SESSIONS = Session._meta.db_table
USERS = get_user_model()._meta.db_table


def statements_of(client, path: str) -> list[str]:
    client.get(path)  # a session's first request records its schema
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in captured]


def session_row(community, client) -> Session | None:
    with schema_context(community.schema_name):
        return Session.objects.filter(session_key=client.cookies["sessionid"].value).first()


def test_a_signed_in_page_reads_its_session_with_its_user_in_one_statement_and_writes_nothing(beizhan, minle):
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    add_member(minle.schema_name, "zhaofang", display_name="民乐的赵芳")
    client = client_of(beizhan, resident)

    statements = statements_of(client, "/me/")

    sessions = [sql for sql in statements if SESSIONS in sql]
    users = [sql for sql in statements if f'"{USERS}"' in sql]
    assert len(sessions) == 1 and sessions[0].startswith("SELECT sess.session_data")
    assert users == sessions  # the user (and their member) came with the session
    assert "民乐的赵芳" not in client.get("/me/").text


def test_the_row_names_the_user_signed_in_and_signing_out_deletes_it(beizhan, minle):
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    namesake = add_member(minle.schema_name, "zhaofang", display_name="民乐的赵芳")
    client, minle_client = host_client(beizhan), host_client(minle)
    client.post("/login/", {"username": "zhaofang", "password": TEST_PASSWORD})
    minle_client.post("/login/", {"username": "zhaofang", "password": TEST_PASSWORD})

    signed_in = session_row(beizhan, client)
    client.post("/logout/")

    assert signed_in is not None and signed_in.user_id == resident.user_id
    with schema_context(beizhan.schema_name):
        assert not Session.objects.filter(session_key=signed_in.session_key).exists()
    assert session_row(beizhan, client) is None
    assert session_row(minle, minle_client).user_id == namesake.user_id  # Minle's own row, still there


def test_a_row_naming_another_user_signs_in_only_whom_the_signed_data_names(beizhan, minle):
    """The row's user id is a shortcut, never the authority: the session's signed data names the user."""
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    other = add_member(beizhan.schema_name, "lihua", display_name="李华")
    add_member(minle.schema_name, "zhaofang", display_name="民乐的赵芳")
    client = client_of(beizhan, resident)
    client.get("/me/")
    with schema_context(beizhan.schema_name):
        Session.objects.filter(session_key=client.cookies["sessionid"].value).update(user_id=other.user_id)
    back_to(beizhan)

    page = client.get("/me/").text

    assert "赵芳" in page and "李华" not in page and "民乐的赵芳" not in page


def test_a_user_deactivated_after_signing_in_is_signed_out(beizhan, minle):
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    namesake = add_member(minle.schema_name, "zhaofang", display_name="民乐的赵芳")
    client, minle_client = client_of(beizhan, resident), client_of(minle, namesake)
    assert client.get("/me/").status_code == 200
    with schema_context(beizhan.schema_name):
        get_user_model().objects.filter(id=resident.user_id).update(is_active=False)
    back_to(beizhan)

    response = client.get("/me/")

    assert response.status_code == 302 and response.headers["Location"] == "/login/?next=%2Fme%2F"
    assert "民乐的赵芳" in minle_client.get("/me/").text  # Minle's namesake is still signed in


def test_a_password_changed_elsewhere_ends_the_session(beizhan, minle):
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    namesake = add_member(minle.schema_name, "zhaofang", display_name="民乐的赵芳")
    client, minle_client = client_of(beizhan, resident), client_of(minle, namesake)
    assert client.get("/me/").status_code == 200
    with schema_context(beizhan.schema_name):
        user = get_user_model().objects.get(id=resident.user_id)
        user.set_password("a-new-password-2026")
        user.save()
    back_to(beizhan)

    response = client.get("/me/")

    assert response.status_code == 302 and response.headers["Location"].startswith("/login/")
    assert "民乐的赵芳" in minle_client.get("/me/").text  # Minle's namesake kept their password


def test_an_expired_session_signs_nobody_in_and_is_not_renewed(beizhan, minle):
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    namesake = add_member(minle.schema_name, "zhaofang", display_name="民乐的赵芳")
    client, minle_client = client_of(beizhan, resident), client_of(minle, namesake)
    assert client.get("/me/").status_code == 200
    key = client.cookies["sessionid"].value
    with schema_context(beizhan.schema_name):
        Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    back_to(beizhan)

    response = client.get("/me/")

    assert response.status_code == 302 and response.headers["Location"] == "/login/?next=%2Fme%2F"
    with schema_context(beizhan.schema_name):
        assert Session.objects.get(session_key=key).expire_date < timezone.now()
    assert "民乐的赵芳" in minle_client.get("/me/").text  # Minle's session did not expire with it


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
    with schema_context(minle.schema_name):
        in_minle = SessionUserBackend().get_user(user.id)

    assert read.username == "nobody" and len(captured) == 0 and unknown is None
    assert in_minle is None or in_minle.username != "nobody"  # the id names someone else there, if anyone


def test_sessions_of_djangos_own_table_stay_signed_in_after_the_move(beizhan, minle):
    """The move's migration, run on a schema that still has Django's table with a resident's session."""
    move = importlib.import_module("sharepool.credentials.sessions.migrations.0002_sessions_from_django")
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    data = DjangoSessionStore().encode(
        {
            SESSION_KEY: str(resident.user_id),
            BACKEND_SESSION_KEY: "sharepool.credentials.backends.SessionUserBackend",
            HASH_SESSION_KEY: resident.user.get_session_auth_hash(),
            SESSION_SCHEMA_KEY: beizhan.schema_name,
        }
    )
    later, earlier = timezone.now() + timedelta(days=1), timezone.now() - timedelta(days=1)
    with schema_context(beizhan.schema_name), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE django_session (session_key varchar(40) PRIMARY KEY, session_data text NOT NULL, "
            "expire_date timestamptz NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO django_session VALUES ('kept0000000000000000000000000000', %s, %s), "
            "('ended000000000000000000000000000', %s, %s)",
            [data, later, data, earlier],
        )
        with connection.schema_editor() as editor:
            move.sessions_from_django(django_apps(), editor)
        cursor.execute("SELECT to_regclass('django_session')")
        django_table_left = cursor.fetchone()[0]
        moved = list(Session.objects.values_list("session_key", "user_id"))
    back_to(beizhan)
    client = host_client(beizhan)
    client.cookies["sessionid"] = "kept0000000000000000000000000000"

    assert moved == [("kept0000000000000000000000000000", resident.user_id)] and django_table_left is None
    assert "赵芳" in client.get("/me/").text
    with schema_context(minle.schema_name):
        assert not Session.objects.exists()


def django_apps():
    from django.apps import apps

    return apps
