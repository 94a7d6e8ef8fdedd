"""Loaded first (`-p tests.hermetic` in pyproject.toml): the shell's environment does not reach the tests.

The settings read the environment when they are imported, so a developer's `DEBUG=0` or
`SECURE_SSL_REDIRECT=1` would change what the tests see (issue 15). Only where the database is stays the
shell's choice. Worker processes that tests start inherit this cleaned environment and get what they
need (REDIS_URL, DATABASE_URL of the test database) from the test that starts them.
"""

import os
import re
from pathlib import Path

SETTINGS = Path(__file__).resolve().parent.parent / "sharepool" / "platform" / "settings.py"
KEPT = frozenset({"DATABASE_URL", "SHAREPOOL_DATA_DIR"})


def variables_the_settings_read() -> set[str]:
    source = SETTINGS.read_text()
    return set(re.findall(r"""(?:environ\.get|env_bool|environ\[)\(?\s*["']([A-Z0-9_]+)["']""", source))


for name in variables_the_settings_read() - KEPT:
    os.environ.pop(name, None)
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
