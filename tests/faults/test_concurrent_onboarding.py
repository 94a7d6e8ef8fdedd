"""Five `onboard_community` processes at once (issue #10): each reports exactly what happened.

Four exited 1 with "tuple concurrently updated" although three of their communities were made: every
community schema's migration replaced the one shared trigger function at the same moment, and a failed
task after the commit was raised into the command. Here four slugs are new and one is asked for twice.
"""

import os
import subprocess
import sys

from django.conf import settings

from sharepool.platform.communities.models import Community
from tests.conftest import TEST_PASSWORD
from tests.faults.checks import assert_ledger_clean
from tests.platform.background.conftest import database_url_of_test_db


def test_five_concurrent_onboardings_each_report_what_happened(committed_communities, onboarded_slugs):
    # given: a community online, and five requests, two of them for the same slug
    committed_communities("minle")
    slugs = ["xinniu", "baiyun", "longhua", "qinghu", "xinniu"]
    onboarded_slugs.extend(set(slugs))
    env = {**os.environ, "DATABASE_URL": database_url_of_test_db(), "CONN_MAX_AGE": "0", "SENTRY_DSN": ""}
    env.pop("REDIS_URL", None)  # tasks run in each process, as on the embedded defaults

    # when: all at once
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "onboard_community",
                "--slug",
                slug,
                "--name",
                f"{slug}社区",
                "--street-office",
                "民治街道",
                "--admin-password",
                TEST_PASSWORD,
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for slug in slugs
    ]
    results = [(process.wait(timeout=120), *process.communicate()) for process in processes]

    # then: every new slug made and reported, the doubled one made once and refused once
    succeeded = sorted(out.strip() for code, out, _err in results if code == 0)
    refused = [(code, err.strip().splitlines()[-1]) for code, _out, err in results if code != 0]
    assert succeeded == sorted(f"http://{slug}.localhost:8000/" for slug in set(slugs)), results
    assert refused == [(1, "CommandError: [slug_taken] 已有社区使用该网址标识。")], results
    made = dict(Community.objects.exclude(slug="minle").values_list("slug", "status"))
    assert made == {slug: "active" for slug in set(slugs)}
    assert_ledger_clean()
