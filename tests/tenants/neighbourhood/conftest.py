import pytest

from tests.tenants.cast import World, seed_world


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Each test onboards two communities, each with a hashed admin password: PBKDF2 would cost ~1 s a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(beizhan, minle) -> World:
    return seed_world(beizhan, minle)
