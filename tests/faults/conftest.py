"""The fault suite (issue #10): killed workers, a broker that is down, a database that goes away,
concurrent onboarding, login races and concurrent replays.

Every test in this folder carries the `faults` marker (`pytest -m faults` runs only them). Each ends
with `verify_ledger` clean and the database as the acknowledged answers say. The Redis and worker
fixtures are the background tests' own: under CI=true a missing Redis fails them, elsewhere it skips.
"""

from pathlib import Path

import pytest

from tests.platform.background.conftest import (  # noqa: F401 (fixtures)
    celery_on_redis,
    celery_worker,
    redis_client,
    redis_url,
    worker_process,
)

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.faults)


@pytest.fixture
def onboarded_slugs(transactional_db):
    """Slugs a test onboards itself (committed_communities drops its own): their schemas are dropped after."""
    from django.db import connection

    slugs: list[str] = []
    yield slugs
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for slug in slugs:
            cursor.execute(f'DROP SCHEMA IF EXISTS "c_{slug}" CASCADE')
