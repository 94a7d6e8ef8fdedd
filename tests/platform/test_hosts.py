"""Hosts: the platform, each community, unknown hosts, health, language and per-community sessions."""

from django.contrib.auth import get_user_model
from django.test import Client
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member
from tests.conftest import TEST_PASSWORD


def test_the_platform_host_shows_the_platform_page_in_chinese_by_default(beizhan, minle):
    response = Client(HTTP_HOST="localhost").get("/")

    assert response.status_code == 200
    assert 'data-host-kind="platform"' in response.text
    assert "共享池平台" in response.text
    assert "北站社区" in response.text and "民乐社区" in response.text


def test_a_community_host_shows_its_own_page(beizhan, minle):
    response = Client(HTTP_HOST="beizhan.localhost").get("/")

    assert response.status_code == 200
    assert 'data-host-kind="community"' in response.text
    assert "北站社区" in response.text
    assert "民乐社区" not in response.text


def test_english_with_lang_query_or_the_browsers_language(beizhan):
    by_query = Client(HTTP_HOST="beizhan.localhost").get("/?lang=en")
    by_browser = Client(HTTP_HOST="beizhan.localhost", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/")
    chinese = Client(HTTP_HOST="beizhan.localhost", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").get("/")

    assert "北站社区 sharing association" in by_query.text
    assert "北站社区 sharing association" in by_browser.text
    assert "北站社区共享会" in chinese.text


def test_an_unknown_subdomain_gets_404_not_the_platform(beizhan):
    response = Client(HTTP_HOST="nowhere.localhost").get("/")

    assert response.status_code == 404
    assert 'data-host-kind="platform"' not in response.text


def test_a_foreign_domain_gets_400_or_404(beizhan):
    response = Client(HTTP_HOST="evil.example.com").get("/")

    assert response.status_code in (400, 404)


def test_healthz_answers_json_on_every_host(beizhan):
    for host in ("localhost", "beizhan.localhost"):
        response = Client(HTTP_HOST=host).get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(beizhan, monkeypatch):
    # given: the health check's connection points at a port where no database listens
    from django.db import connections
    from django.db.utils import load_backend

    from sharepool.platform import health

    dead_settings = {**connections["default"].settings_dict, "HOST": "127.0.0.1", "PORT": "1"}
    dead = load_backend(dead_settings["ENGINE"]).DatabaseWrapper(dead_settings, "dead")
    monkeypatch.setattr(health, "connection", dead)

    # when
    response = Client(HTTP_HOST="beizhan.localhost").get("/healthz")

    # then
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


def add_member(schema_name: str, pk: int, name: str) -> None:
    with schema_context(schema_name):
        user = get_user_model().objects.create_user(id=pk, username=f"user{pk}", password=TEST_PASSWORD)
        Member.objects.create(id=pk, user=user, display_name=name, status="active", member_number=pk)


# Far past any id a sequence hands out: sequences are not rolled back with a test, so a pool schema that
# served many tests gives its admin a high id, which a small fixed id could meet.
SAME_PK = 2_000_000_000


def test_rows_under_the_same_primary_keys_stay_in_their_own_community(beizhan, minle):
    # given: the same member id exists in both communities, under different names
    add_member(beizhan.schema_name, SAME_PK, "赵芳")
    add_member(minle.schema_name, SAME_PK, "民乐的会员")
    add_member(minle.schema_name, SAME_PK + 1, "另一个民乐会员")

    # when
    beizhan_page = Client(HTTP_HOST="beizhan.localhost").get("/")
    minle_page = Client(HTTP_HOST="minle.localhost").get("/")

    # then
    with schema_context(beizhan.schema_name):
        assert Member.objects.get(pk=SAME_PK).display_name == "赵芳"
    with schema_context(minle.schema_name):
        assert Member.objects.get(pk=SAME_PK).display_name == "民乐的会员"
    assert beizhan_page.context["members"] == 2  # the admin and 赵芳
    assert minle_page.context["members"] == 3


def test_a_session_cookie_from_one_community_is_not_accepted_on_another(beizhan, minle):
    # given: signed in on beizhan
    beizhan_client = Client(HTTP_HOST="beizhan.localhost")
    with schema_context(beizhan.schema_name):
        assert beizhan_client.login(username="admin", password=TEST_PASSWORD)
    cookie = beizhan_client.cookies["sessionid"].value

    # when: the same cookie is sent to minle's host
    minle_client = Client(HTTP_HOST="minle.localhost")
    minle_client.cookies["sessionid"] = cookie
    response = minle_client.get("/")

    # then
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    with schema_context(minle.schema_name):
        assert get_user_model().objects.filter(username="admin").count() == 1


def test_a_session_is_accepted_on_its_own_community(beizhan):
    client = Client(HTTP_HOST="beizhan.localhost")
    with schema_context(beizhan.schema_name):
        assert client.login(username="admin", password=TEST_PASSWORD)

    response = client.get("/")

    assert response.wsgi_request.user.is_authenticated
    assert response.wsgi_request.user.member.role == "admin"
