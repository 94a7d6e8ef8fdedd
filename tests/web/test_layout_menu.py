"""The layout's menu marks the page's own entry, and its links come back to the page (web/context.py)."""

import re

import pytest
from django.test import Client

from sharepool.web.context import TEXT_SIZE_COOKIE
from tests.web.conftest import add_member
from tests.web.pages import client_of


def current_entry(html: str) -> list[str]:
    menu = re.search(r'<nav class="main".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)" aria-current="page"', menu)


@pytest.mark.parametrize(
    ("path", "entry"),
    [
        ("/", ["/"]),
        ("/offers/", ["/offers/"]),
        ("/offers/new/", ["/offers/"]),
        ("/requests/", ["/requests/"]),
        ("/activities/", ["/activities/"]),
        ("/activities/?when=past", ["/activities/"]),
        ("/projects/", []),
        ("/council/", ["/council/"]),
        ("/buildings/", ["/council/"]),
        ("/organisations/", ["/council/"]),
        ("/me/", ["/me/"]),
        ("/me/transfers/", ["/me/"]),
        ("/notifications/", ["/notifications/"]),
        ("/stats/", []),
        ("/honours/", []),
    ],
)
def test_the_menu_marks_the_entry_of_the_page_and_only_that_one(beizhan, minle, path, entry):
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    page = client_of(beizhan, resident).get(path)
    assert page.status_code == 200
    assert current_entry(page.content.decode()) == entry


def test_sign_in_language_and_text_size_links_come_back_to_the_page_with_its_query(beizhan, minle):
    html = Client(HTTP_HOST=beizhan.domain).get("/stats/?days=30").content.decode()

    assert 'href="/login/?next=/stats/%3Fdays%3D30"' in html
    assert 'href="/language/en/?next=/stats/%3Fdays%3D30"' in html
    assert 'href="/text-size/large/?next=/stats/%3Fdays%3D30"' in html


def test_the_menu_and_switches_follow_each_request_s_language_and_text_size(beizhan, minle):
    """The menu is rendered once for what it shows (layout.html's {% cache %}): each reader still gets their own."""
    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    client = client_of(beizhan, resident)

    chinese = client.get("/offers/").content.decode()
    english = client.get("/offers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies[TEXT_SIZE_COOKIE] = "large"
    large = client.get("/offers/").content.decode()

    assert '<a href="/">首页</a>' in chinese and 'data-text-size="large">大字号</a>' in chinese
    assert '<a href="/">Home</a>' in english and "首页" not in english
    assert 'data-text-size="normal">标准字号</a>' in large and 'data-text-size="large"' not in large
    assert 'href="/language/en/?next=/offers/"' in chinese


def test_the_footer_shows_the_community_s_links_on_a_community_host_only(beizhan, minle, settings):
    community = Client(HTTP_HOST=beizhan.domain).get("/stats/").content.decode()
    platform = Client(HTTP_HOST=settings.PLATFORM_DOMAIN).get("/").content.decode()
    community_again = Client(HTTP_HOST=minle.domain).get("/stats/").content.decode()

    footer = re.compile(r'<footer class="site">.*?</footer>', re.S)
    assert 'href="/buildings/"' in footer.search(community).group(0)
    assert 'href="/buildings/"' not in footer.search(platform).group(0)
    assert 'href="/buildings/"' in footer.search(community_again).group(0)
