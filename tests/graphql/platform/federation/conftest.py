from tests.platform.federation.conftest import fast_password_hashing, federation  # noqa: F401 (fixtures)
