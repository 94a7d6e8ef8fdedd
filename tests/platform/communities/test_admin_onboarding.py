"""Operators onboard a community from the Django admin, through the same domain function as the CLI."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sharepool.platform.communities.models import Community, Domain


@pytest.fixture
def operator_client(db):
    get_user_model().objects.create_superuser(username="operator", password="op-pass-2026-x", email="")
    client = Client(HTTP_HOST="localhost")
    assert client.login(username="operator", password="op-pass-2026-x")
    return client


def test_an_operator_onboards_a_community_from_the_admin(operator_client, minle):
    response = operator_client.post(
        "/admin/communities/community/add/",
        {
            "slug": "beizhan",
            "name": "北站社区",
            "street_office_name": "民治街道",
            "population": "72000",
            "district": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    community = Community.objects.get(slug="beizhan")
    assert community.status == "active" and community.population == 72_000
    assert Domain.objects.get(tenant=community).domain == "beizhan.localhost"
    assert Client(HTTP_HOST="beizhan.localhost").get("/").status_code == 200


def test_the_admin_form_shows_the_slug_error_and_creates_nothing(operator_client, minle):
    # given
    before = list(Community.objects.values_list("slug", flat=True))

    # when
    response = operator_client.post(
        "/admin/communities/community/add/",
        {
            "slug": "www",
            "name": "北站社区",
            "street_office_name": "民治街道",
            "population": "",
            "district": "",
        },
    )

    # then
    assert response.status_code == 200
    assert "该网址标识为系统保留。" in response.content.decode()
    assert list(Community.objects.values_list("slug", flat=True)) == before
