"""The street office's pages: clients on the platform host, signed in as staff of an office or an operator."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.platform.communities.models import StreetOffice, StreetOfficeStaff
from sharepool.tenants.stats.services import do_take_stats_snapshot
from tests.conftest import TEST_PASSWORD, make_community
from tests.platform.billing.conftest import fake_stripe, plans  # noqa: F401 (fixtures)
from tests.tenants.conftest import world  # noqa: F401 (Beizhan's cast, with Minle beside it)

PLATFORM = "localhost"


def platform_client(**headers) -> Client:
    headers.setdefault("HTTP_ACCEPT_LANGUAGE", "zh-CN,zh;q=0.9")
    return Client(HTTP_HOST=PLATFORM, **headers)


def make_staff(username: str, office: str | None):
    """A platform account: staff of `office`, or an operator when office is None."""
    if office is None:
        return get_user_model().objects.create_superuser(username=username, password=TEST_PASSWORD, email="")
    user = get_user_model().objects.create_user(username=username, password=TEST_PASSWORD)
    street_office, _created = StreetOffice.objects.get_or_create(name=office)
    StreetOfficeStaff.objects.create(user=user, street_office=street_office)
    return user


def signed_in_as(user) -> Client:
    client = platform_client()
    client.force_login(user)
    return client


def snapshot(slug: str) -> None:
    with schema_context(f"c_{slug}"):
        do_take_stats_snapshot(now=timezone.now())


@pytest.fixture
def offices(beizhan, minle):
    """民治街道 (Beizhan, Minle) and 龙华街道 (Qinghu), a member of staff of each, and an operator."""
    connection.set_schema_to_public()
    make_community("qinghu", "清湖社区", street_office="龙华街道", population=20_000)
    return {
        "minzhi": make_staff("minzhi", "民治街道"),
        "longhua": make_staff("longhua", "龙华街道"),
        "operator": make_staff("operator", None),
    }
