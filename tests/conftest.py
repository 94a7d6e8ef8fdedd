"""Fixtures shared by every test.

Communities are made with the real onboarding function. The pool of ready schemas is filled once per
test session and committed; a test in the `db` fixture's transaction renames a pool schema into its
community and the rollback at the end puts it back, so each test onboards in milliseconds.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from sharepool.platform.communities.models import Community
from sharepool.platform.communities.schema_pool import refill_schema_pool
from sharepool.platform.communities.services import OnboardedCommunity, onboard_community

TEST_PASSWORD = "correct-horse-battery-9"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        refill_schema_pool(size=4)
    yield


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Static files collected once, fingerprinted and compressed as in production (WhiteNoise's manifest
    storage), into a temporary folder: pages render their hashed URLs and WhiteNoise serves them."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


@pytest.fixture(autouse=True)
def back_to_public_schema():
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def empty_cache():
    # Each test's communities are rolled back with it: a host cached in one test names nothing in the next.
    cache.clear()


def make_community(
    slug: str, name: str | None = None, street_office: str = "民治街道", **kwargs
) -> OnboardedCommunity:
    return onboard_community(
        slug=slug,
        name=name or slug,
        street_office_name=street_office,
        admin_password=TEST_PASSWORD,
        **kwargs,
    )


@pytest.fixture
def beizhan(db) -> OnboardedCommunity:
    return make_community("beizhan", "北站社区", population=72_000)


@pytest.fixture
def minle(db) -> OnboardedCommunity:
    """The second community every multi-tenant test seeds, so that a leak shows."""
    return make_community("minle", "民乐社区", population=38_000)


@pytest.fixture
def committed_communities(transactional_db):
    """Communities that really commit (for tests with threads or several connections); dropped afterwards."""
    made: list[OnboardedCommunity] = []

    def make(slug: str, **kwargs) -> OnboardedCommunity:
        result = make_community(slug, **kwargs)
        made.append(result)
        return result

    yield make
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for result in made:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{result.schema_name}" CASCADE')
    Community.objects.filter(slug__in=[r.slug for r in made]).delete()


def community_client(client_class, community: OnboardedCommunity):
    """A Django test client whose requests go to the community's host."""
    return client_class(HTTP_HOST=community.domain)
