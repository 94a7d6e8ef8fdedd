"""The shell's settings do not change what the tests see (issue 15)."""

import os
import subprocess
import sys
from pathlib import Path

from tests.hermetic import variables_the_settings_read

ROOT = Path(__file__).resolve().parents[1]


def test_the_variables_the_settings_read_are_found():
    # A pattern that matched nothing would clean nothing: these are read today.
    assert {
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "REDIS_URL",
        "SENTRY_DSN",
        "DATABASE_URL",
    } <= variables_the_settings_read()


def test_a_production_shell_does_not_reach_the_test_settings():
    # given: a shell set up for production
    shell = {
        **os.environ,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "1",
        "SECRET_KEY": "k7#Qp2!vX9zL0mN4rT6yU8wE1aS3dF5gH7jK9lZ2xC4vB6nM8q",
        "PLATFORM_DOMAIN": "sharepool.example.org",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "LOG_LEVEL": "ERROR",
    }
    shell.pop("DJANGO_SETTINGS_MODULE", None)

    # when: the test process starts as pytest starts it (the plugin first, then the settings)
    probe = (
        "import tests.hermetic, django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.PLATFORM_DOMAIN, s.CELERY_TASK_ALWAYS_EAGER, s.PASSWORD_HASHERS[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=shell, capture_output=True, text=True, timeout=60
    )

    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "False",
        "localhost",
        "True",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
