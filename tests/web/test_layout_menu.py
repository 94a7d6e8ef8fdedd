"""The layout's menu marks the page's own entry, and its links come back to the page (web/context.py)."""

import re

import pytest
from django.test import Client

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
