"""Hours for a project activity across communities: both schemas, clearing accounts, once per resident,
and only to residents checked in."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from sharepool.platform.federation.awards import do_award_project_activity
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import ProjectActivity, ProjectActivitySignup
from sharepool.tenants.ledger.errors import ActorError, ActorErrorCode
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.verify import verify_ledgers
from sharepool.tenants.members.models import Member
from tests.platform.federation.conftest import check_in, member_id, sign_up
from tests.platform.federation.test_projects import schedule
from tests.tenants.cast import during


def balances(schema_name: str) -> dict[str, int]:
    with schema_context(schema_name):
        return {str(account): account.balance for account in Account.objects.exclude(balance=0)}


def transfer_count(schema_name: str) -> int:
    with schema_context(schema_name):
        return Transfer.objects.count()


def checked_in(activity) -> list[tuple[str, int]]:
    return list(
        ProjectActivitySignup.objects.filter(activity=activity, checked_in_at__isnull=False)
        .order_by("community__slug", "member_id")
        .values_list("community__slug", "member_id")
    )


def test_a_minle_resident_is_credited_through_the_clearing_accounts(federation, joint_activity):
    # given
    f = federation
    zhaofang, lihua = member_id(f.minle, "zhaofang"), member_id(f.beizhan, "lihua")
    check_in(f, joint_activity, f.minle, "zhaofang")
    check_in(f, joint_activity, f.beizhan, "lihua")

    # when
    awards = do_award_project_activity(
        actor=f.actor(f.committee), activity_id=joint_activity.id, now=during(joint_activity)
    )

    # then
    assert [(a.community_slug, a.member_id, a.minutes, a.through_clearing) for a in awards] == [
        ("beizhan", lihua, 120, False),
        ("minle", zhaofang, 120, True),
    ]
    assert balances(f.beizhan.schema_name) == {
        "community_pool": -240,
        f"member:{lihua}": 120,
        "clearing:minle": 120,
    }
    assert balances(f.minle.schema_name) == {f"member:{zhaofang}": 120, "clearing:beizhan": -120}
    checked, violations = verify_ledgers()
    assert violations == [] and {c.slug for c in checked} >= {"beizhan", "minle"}
    call_command("verify_ledger")  # exits 0
    assert ProjectActivity.objects.get(id=joint_activity.id).status == ProjectActivity.Status.AWARDED


def test_awarding_again_pays_nobody_twice(federation, joint_activity):
    # given
    f = federation
    check_in(f, joint_activity, f.minle, "zhaofang")
    check_in(f, joint_activity, f.beizhan, "lihua")
    do_award_project_activity(
        actor=f.actor(f.committee), activity_id=joint_activity.id, now=during(joint_activity)
    )
    before = (balances(f.beizhan.schema_name), balances(f.minle.schema_name))
    transfers = (transfer_count(f.beizhan.schema_name), transfer_count(f.minle.schema_name))

    # when
    again = do_award_project_activity(
        actor=f.actor(f.police), activity_id=joint_activity.id, now=during(joint_activity)
    )

    # then
    assert len(again) == 2
    assert (balances(f.beizhan.schema_name), balances(f.minle.schema_name)) == before
    assert (transfer_count(f.beizhan.schema_name), transfer_count(f.minle.schema_name)) == transfers == (2, 1)


def test_a_failure_in_the_residents_community_leaves_the_hosts_ledger_untouched(federation, joint_activity):
    # given: both checked in; the minle resident was then suspended in minle
    f = federation
    check_in(f, joint_activity, f.minle, "zhaofang")
    check_in(f, joint_activity, f.beizhan, "lihua")
    with schema_context(f.minle.schema_name):
        Member.objects.filter(user__username="zhaofang").update(status=Member.Status.SUSPENDED)

    # when
    with pytest.raises(ActorError) as refused:
        do_award_project_activity(
            actor=f.actor(f.committee), activity_id=joint_activity.id, now=during(joint_activity)
        )

    # then: beizhan, whose own resident was credited first, has no transfer either
    assert refused.value.code == ActorErrorCode.MEMBER_NOT_ACTIVE
    assert balances(f.beizhan.schema_name) == {} and balances(f.minle.schema_name) == {}
    assert transfer_count(f.beizhan.schema_name) == transfer_count(f.minle.schema_name) == 0
    assert ProjectActivity.objects.get(id=joint_activity.id).status == ProjectActivity.Status.SCHEDULED


def test_only_the_projects_organisations_award_its_activities(federation, joint_activity):
    # given
    f = federation
    check_in(f, joint_activity, f.beizhan, "lihua")

    # when
    with pytest.raises(FederationError) as refused:
        do_award_project_activity(
            actor=f.actor(f.company), activity_id=joint_activity.id, now=during(joint_activity)
        )
    with pytest.raises(FederationError) as missing:
        do_award_project_activity(
            actor=f.actor(f.company), activity_id=joint_activity.id + 1000, now=during(joint_activity)
        )

    # then: not theirs and missing look the same
    assert refused.value.code == missing.value.code == FederationErrorCode.ACTIVITY_NOT_FOUND
    assert transfer_count(f.beizhan.schema_name) == transfer_count(f.minle.schema_name) == 0
    assert ProjectActivity.objects.get(id=joint_activity.id).status == ProjectActivity.Status.SCHEDULED


def test_only_residents_checked_in_are_paid(federation, joint_activity):
    # given: two residents of each community signed up; one of each checked in
    f = federation
    sign_up(f, joint_activity, f.minle, "wangfang")
    sign_up(f, joint_activity, f.beizhan, "chenjing")
    check_in(f, joint_activity, f.minle, "zhaofang")
    check_in(f, joint_activity, f.beizhan, "lihua")
    zhaofang, lihua = member_id(f.minle, "zhaofang"), member_id(f.beizhan, "lihua")

    # when
    awards = do_award_project_activity(
        actor=f.actor(f.committee), activity_id=joint_activity.id, now=during(joint_activity)
    )

    # then: wangfang (minle) and chenjing (beizhan) signed up but did not come, and get nothing
    assert [(a.community_slug, a.member_id, a.minutes, a.through_clearing) for a in awards] == [
        ("beizhan", lihua, 120, False),
        ("minle", zhaofang, 120, True),
    ]
    assert balances(f.beizhan.schema_name) == {
        "community_pool": -240,
        f"member:{lihua}": 120,
        "clearing:minle": 120,
    }
    assert balances(f.minle.schema_name) == {f"member:{zhaofang}": 120, "clearing:beizhan": -120}
    assert (transfer_count(f.beizhan.schema_name), transfer_count(f.minle.schema_name)) == (2, 1)
    assert verify_ledgers()[1] == []
    assert checked_in(joint_activity) == [("beizhan", lihua), ("minle", zhaofang)]
    assert joint_activity.signups.count() == 4


def test_an_activity_nobody_checked_in_to_is_refused_and_nothing_changes(federation, joint_activity):
    # given: two residents signed up, none checked in
    f = federation

    # when
    with pytest.raises(FederationError) as refused:
        do_award_project_activity(
            actor=f.actor(f.committee), activity_id=joint_activity.id, now=during(joint_activity)
        )

    # then
    assert refused.value.code == FederationErrorCode.NOTHING_TO_AWARD
    assert balances(f.beizhan.schema_name) == {} and balances(f.minle.schema_name) == {}
    assert transfer_count(f.beizhan.schema_name) == transfer_count(f.minle.schema_name) == 0
    assert ProjectActivity.objects.get(id=joint_activity.id).status == ProjectActivity.Status.SCHEDULED
    assert checked_in(joint_activity) == []


def test_awarding_one_activity_leaves_another_and_its_residents_untouched(
    federation, joint_project, joint_activity
):
    # given: a second activity of the project, hosted by minle, with the same two residents signed up
    # and checked in; on the first, only lihua (beizhan) checked in
    f = federation
    other = schedule(f, joint_project, slots=5, minutes=60, host=f.minle)
    for community, username in ((f.minle, "zhaofang"), (f.beizhan, "lihua")):
        sign_up(f, other, community, username)
        check_in(f, other, community, username)
    check_in(f, joint_activity, f.beizhan, "lihua")
    other_signups = list(ProjectActivitySignup.objects.filter(activity=other).order_by("id").values())

    # when
    do_award_project_activity(
        actor=f.actor(f.committee), activity_id=joint_activity.id, now=during(joint_activity)
    )

    # then: only lihua is paid, by beizhan; minle's ledger and the other activity are as they were
    lihua = member_id(f.beizhan, "lihua")
    assert balances(f.beizhan.schema_name) == {"community_pool": -120, f"member:{lihua}": 120}
    assert balances(f.minle.schema_name) == {}
    assert list(ProjectActivitySignup.objects.filter(activity=other).order_by("id").values()) == other_signups
    assert ProjectActivity.objects.get(id=other.id).status == ProjectActivity.Status.SCHEDULED


def test_hours_are_awarded_only_once_the_activity_has_started(federation, joint_activity):
    # given: both checked in as the volunteers arrived, before the start
    f = federation
    check_in(f, joint_activity, f.minle, "zhaofang")
    check_in(f, joint_activity, f.beizhan, "lihua")
    before = (balances(f.beizhan.schema_name), balances(f.minle.schema_name))

    # when: the committee awards a minute before the start
    with pytest.raises(FederationError) as refused:
        do_award_project_activity(
            actor=f.actor(f.committee),
            activity_id=joint_activity.id,
            now=joint_activity.starts_at - timedelta(minutes=1),
        )

    # then: nothing paid, in either community; the activity still scheduled
    assert refused.value.code == FederationErrorCode.ACTIVITY_NOT_STARTED
    assert (balances(f.beizhan.schema_name), balances(f.minle.schema_name)) == before
    assert transfer_count(f.beizhan.schema_name) == transfer_count(f.minle.schema_name) == 0
    assert ProjectActivity.objects.get(id=joint_activity.id).status == ProjectActivity.Status.SCHEDULED
