"""An onboarding whose task died leaves a `provisioning` community without a schema (issue #10): platform
commands skip and report it, a sweeper removes it after the timeout, and its slug is free again."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from sharepool.core.models import OutboxTask
from sharepool.platform.communities.models import Community, Domain
from sharepool.platform.communities.provisioning import do_sweep_provisioning_communities
from sharepool.platform.communities.services import do_start_onboarding
from tests.conftest import TEST_PASSWORD, make_community
from tests.faults.broker import broker_down
from tests.faults.checks import assert_ledger_clean


def died_onboarding(slug: str) -> Community:
    """Asked for while the broker was down, and its task then lost for good."""
    with broker_down():
        result = do_start_onboarding(
            slug=slug, name="新牛社区", street_office_name="民治街道", admin_password=TEST_PASSWORD
        )
    OutboxTask.objects.filter(task_name="communities.finish_onboarding").delete()
    return Community.objects.get(id=result.community_id)


def test_verify_ledger_skips_and_reports_a_community_without_a_schema(committed_communities, onboarded_slugs):
    # given: two communities online and one whose onboarding died
    committed_communities("beizhan")
    committed_communities("minle")
    onboarded_slugs.append("xinniu")
    died_onboarding("xinniu")

    # when
    verify_out, verify_err = io.StringIO(), io.StringIO()
    call_command("verify_ledger", stdout=verify_out, stderr=verify_err)

    # then: the two communities checked, the third reported, exit 0
    assert verify_out.getvalue() == "ledger ok: every invariant holds in 2 community(ies)\n"
    assert verify_err.getvalue() == "skipped xinniu: no schema yet (status provisioning)\n"
    assert Community.objects.get(slug="xinniu").status == "provisioning"
    assert_ledger_clean()


def test_migrate_schemas_reports_the_community_without_a_schema(
    committed_communities, onboarded_slugs, capfd
):
    # given
    committed_communities("beizhan")
    onboarded_slugs.append("xinniu")
    died_onboarding("xinniu")

    # when
    call_command("migrate_schemas", "--tenant", verbosity=0)

    # then
    assert "skipped c_xinniu: the community has no schema yet (provisioning)" in capfd.readouterr().err


def test_the_sweeper_removes_a_dead_onboarding_after_the_timeout_and_frees_its_slug(beizhan, minle, settings):
    # given
    settings.ONBOARDING_TIMEOUT_MINUTES = 30
    dead = died_onboarding("xinniu")
    asked_at = dead.created

    # when: within the timeout, then after it
    early = do_sweep_provisioning_communities(now=asked_at + timedelta(minutes=29))
    late = do_sweep_provisioning_communities(now=asked_at + timedelta(minutes=30))

    # then: removed once, the others untouched, and the slug can be onboarded again
    assert (early, late) == ([], ["xinniu"])
    assert not Community.objects.filter(slug="xinniu").exists()
    assert not Domain.objects.filter(domain="xinniu.localhost").exists()
    assert sorted(Community.objects.values_list("slug", "status")) == [
        ("beizhan", "active"),
        ("minle", "active"),
    ]
    again = make_community("xinniu")
    assert Community.objects.get(id=again.community_id).status == "active"


def test_the_sweeper_leaves_an_onboarding_whose_task_waits_for_the_broker(beizhan, minle):
    # given: asked for while the broker was down; the task still waits in the outbox
    with broker_down():
        result = do_start_onboarding(
            slug="xinniu", name="新牛社区", street_office_name="民治街道", admin_password=TEST_PASSWORD
        )

    # when: long after
    removed = do_sweep_provisioning_communities(now=timezone.now() + timedelta(days=1))

    # then
    assert removed == []
    assert Community.objects.get(id=result.community_id).status == "provisioning"
