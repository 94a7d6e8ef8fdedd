from tests.tenants.conftest import world  # noqa: F401 (Beizhan's cast, with Minle beside it)
