"""Settings come from the environment; production values pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sharepool.platform.settings",
        "LOG_LEVEL": "WARNING",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_warning_with_production_values():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k7#Qp2!vX9zL0mN4rT6yU8wE1aS3dF5gH7jK9lZ2xC4vB6nM8q",
        PLATFORM_DOMAIN="sharepool.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="0", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_allowed_hosts_are_the_platform_domain_and_its_subdomains():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.ALLOWED_HOSTS)",
        DEBUG="0",
        SECRET_KEY="k7#Qp2!vX9zL0mN4rT6yU8wE1aS3dF5gH7jK9lZ2xC4vB6nM8q",
        PLATFORM_DOMAIN="sharepool.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['sharepool.example.org', '.sharepool.example.org']"
