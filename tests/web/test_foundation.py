"""The layout every page shares, static files, switches, the manifest and GraphiQL's local assets (issue 12)."""

import re

from django.test import Client

from tests.web.conftest import add_member, host_client, signed_in


def fetch_static(community, path: str, **headers):
    """A static file's status, headers and body; the file is closed (WhiteNoise streams it)."""
    response = Client(HTTP_HOST=community.domain).get(path, **headers)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    response.close()
    return response, body


NAV = ["首页", "服务", "需求", "活动", "我的", "消息"]


def test_the_home_page_has_the_layout_in_chinese(beizhan, minle):
    response = host_client(beizhan).get("/")

    assert response.status_code == 200
    html = response.text
    assert '<html lang="zh-hans"' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert all(f">{label}</a>" in html for label in NAV)
    assert 'href="/manifest.webmanifest"' in html
    assert ">登录</a>" in html
    assert "北站社区" in html and "民乐社区" not in html


def test_english_with_the_browsers_language(beizhan):
    html = host_client(beizhan, HTTP_ACCEPT_LANGUAGE="en").get("/").text

    assert '<html lang="en"' in html
    assert all(
        f">{label}</a>" in html for label in ["Home", "Services", "Needs", "Activities", "Me", "Messages"]
    )


def test_static_files_are_fingerprinted_compressed_and_served_by_the_app(beizhan):
    html = host_client(beizhan).get("/").text
    css = re.search(r'href="(/static/web/site\.[0-9a-f]{12}\.css)"', html)
    htmx = re.search(r'src="(/static/vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js)"', html)
    assert css and htmx

    plain, body = fetch_static(beizhan, css.group(1))
    gzipped, _body = fetch_static(beizhan, css.group(1), HTTP_ACCEPT_ENCODING="gzip")

    assert plain.status_code == 200
    assert b"text-large" in body
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert "immutable" in plain.headers["Cache-Control"]


def test_nothing_comes_from_another_host(beizhan):
    html = host_client(beizhan).get("/").text

    assert re.findall(r'(?:src|href)="(?:https?:)?//', html) == []


def test_a_page_weighs_under_100_kb_without_images(beizhan, collected_static):
    html = host_client(beizhan).get("/").content
    assets = re.findall(rb'(?:src|href)="/static/([^"]+\.(?:css|js))"', html)
    weight = len(html) + sum((collected_static / asset.decode()).stat().st_size for asset in assets)

    assert len(assets) == 2
    assert weight < 100_000


def test_the_language_switch_is_a_link_that_remembers(beizhan):
    client = host_client(beizhan)

    switched = client.get("/language/en/?next=/join/")
    after = client.get("/join/")

    assert switched.status_code == 302 and switched.headers["Location"] == "/join/"
    assert '<html lang="en"' in after.text
    assert "Apply to join" in after.text


def test_the_language_switch_never_sends_you_to_another_site(beizhan):
    response = host_client(beizhan).get("/language/en/?next=https://evil.example.com/")

    assert response.headers["Location"] == "/"


def test_the_text_size_switch_is_a_link_that_remembers(beizhan):
    client = host_client(beizhan)
    assert 'class="text-normal"' in client.get("/").text

    switched = client.get("/text-size/large/?next=/")
    large = client.get("/").text
    client.get("/text-size/normal/?next=/")

    assert switched.status_code == 302
    assert 'class="text-large"' in large
    assert 'href="/text-size/normal/' in large
    assert 'class="text-normal"' in client.get("/").text


def test_an_unknown_text_size_changes_nothing(beizhan):
    client = host_client(beizhan)

    client.get("/text-size/huge/?next=/")

    assert "text_size" not in client.cookies
    assert 'class="text-normal"' in client.get("/").text


def test_the_manifest_names_the_community_and_its_icons(beizhan, minle):
    response = host_client(beizhan).get("/manifest.webmanifest")

    assert response.headers["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "北站社区"
    assert manifest["start_url"] == "/"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512", "any"}
    for icon in manifest["icons"]:
        assert fetch_static(beizhan, icon["src"])[0].status_code == 200


def test_graphiql_loads_its_assets_from_our_static_files(beizhan, settings):
    settings.DEBUG = True

    response = Client(HTTP_HOST=beizhan.domain).get("/graphql/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    html = response.text
    assert "cdn.jsdelivr.net" not in html
    scripts = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert len(scripts) == 9
    for asset in scripts:
        assert fetch_static(beizhan, asset)[0].status_code == 200, asset


def test_a_signed_in_member_sees_their_name_and_sign_out(beizhan):
    member = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")

    html = signed_in(beizhan, member).get("/").text

    assert "赵芳" in html
    assert 'action="/logout/"' in html
