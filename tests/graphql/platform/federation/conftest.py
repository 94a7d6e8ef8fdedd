from tests.platform.federation.conftest import (  # noqa: F401 (fixtures)
    fast_password_hashing,
    federation,
    joint_activity,
    joint_project,
)
