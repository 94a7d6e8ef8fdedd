import pytest

from tests.tenants.cast import World, seed_world


@pytest.fixture
def world(beizhan, minle) -> World:
    """Beizhan's cast of members and accounts, with Minle seeded beside it so that a leak shows."""
    return seed_world(beizhan, minle)
