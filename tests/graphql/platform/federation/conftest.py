from tests.platform.federation.conftest import (  # noqa: F401 (fixtures)
    federation,
    joint_activity,
    joint_project,
)
