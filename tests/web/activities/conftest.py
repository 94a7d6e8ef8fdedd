import pytest

from tests.tenants.cast import World, seed_world


@pytest.fixture
def world(beizhan, minle) -> World:
    return seed_world(beizhan, minle)


# The alliance and its joint project, built as the federation tests build them.
from tests.platform.federation.conftest import federation, joint_project  # noqa: E402, F401
