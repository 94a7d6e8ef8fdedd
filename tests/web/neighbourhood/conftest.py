import pytest

from tests.tenants.cast import World, seed_world


@pytest.fixture
def world(beizhan, minle) -> World:
    return seed_world(beizhan, minle)
