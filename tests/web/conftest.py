from tests.tenants.conftest import world  # noqa: F401 (the same Beizhan and Minle as the domain tests)
