"""Hours for a project activity across communities: both schemas, clearing accounts, once per resident."""

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from sharepool.platform.federation.awards import do_award_project_activity
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import ProjectActivity
from sharepool.platform.federation.projects import (
    do_accept_project,
    do_plan_project_year,
    do_sign_up_for_project_activity,
)
from sharepool.tenants.ledger.errors import ActorError, ActorErrorCode
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.verify import verify_ledgers
from sharepool.tenants.members.models import Member
from tests.graphql.conftest import add_member
from tests.platform.federation.conftest import publish_demand, publish_resource
from tests.platform.federation.test_projects import next_year, propose, schedule


def balances(schema_name: str) -> dict[str, int]:
    with schema_context(schema_name):
        return {str(account): account.balance for account in Account.objects.exclude(balance=0)}


def transfer_count(schema_name: str) -> int:
    with schema_context(schema_name):
        return Transfer.objects.count()


@pytest.fixture
def activity(federation):
    """A beizhan-hosted activity (120 minutes) of a project between beizhan's police and minle's school,
    with a resident of each community signed up."""
    f = federation
    demand = publish_demand(f.school, "学生交通安全培训", "alliance", [f.alliance], quantity=6)
    resource = publish_resource(f.police, "交通安全课程进学校", "alliance", [f.alliance], capacity=12)
    project = propose(f, demand, resource)
    for organisation in (f.school, f.police):
        do_accept_project(actor=f.actor(organisation), project_id=project.id)
    do_plan_project_year(actor=f.actor(f.committee), project_id=project.id, year=next_year())
    made = schedule(f, project, slots=5, minutes=120)
    for community, username in ((f.minle, "zhaofang"), (f.beizhan, "lihua")):
        member = add_member(community.schema_name, username)
        do_sign_up_for_project_activity(actor=f.resident(community, member.id, username), activity_id=made.id)
    return made


def member_id(schema_name: str, username: str) -> int:
    with schema_context(schema_name):
        return Member.objects.get(user__username=username).id


def test_a_minle_resident_is_credited_through_the_clearing_accounts(federation, activity):
    # given
    f = federation
    zhaofang, lihua = member_id(f.minle.schema_name, "zhaofang"), member_id(f.beizhan.schema_name, "lihua")

    # when
    awards = do_award_project_activity(actor=f.actor(f.committee), activity_id=activity.id)

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
    assert ProjectActivity.objects.get(id=activity.id).status == ProjectActivity.Status.AWARDED


def test_awarding_again_pays_nobody_twice(federation, activity):
    # given
    f = federation
    do_award_project_activity(actor=f.actor(f.committee), activity_id=activity.id)
    before = (balances(f.beizhan.schema_name), balances(f.minle.schema_name))
    transfers = (transfer_count(f.beizhan.schema_name), transfer_count(f.minle.schema_name))

    # when
    again = do_award_project_activity(actor=f.actor(f.police), activity_id=activity.id)

    # then
    assert len(again) == 2
    assert (balances(f.beizhan.schema_name), balances(f.minle.schema_name)) == before
    assert (transfer_count(f.beizhan.schema_name), transfer_count(f.minle.schema_name)) == transfers == (2, 1)


def test_a_failure_in_the_residents_community_leaves_the_hosts_ledger_untouched(federation, activity):
    # given: the minle resident was suspended in minle after signing up
    f = federation
    with schema_context(f.minle.schema_name):
        Member.objects.filter(user__username="zhaofang").update(status=Member.Status.SUSPENDED)

    # when
    with pytest.raises(ActorError) as refused:
        do_award_project_activity(actor=f.actor(f.committee), activity_id=activity.id)

    # then: beizhan, whose own resident was credited first, has no transfer either
    assert refused.value.code == ActorErrorCode.MEMBER_NOT_ACTIVE
    assert balances(f.beizhan.schema_name) == {} and balances(f.minle.schema_name) == {}
    assert transfer_count(f.beizhan.schema_name) == transfer_count(f.minle.schema_name) == 0
    assert ProjectActivity.objects.get(id=activity.id).status == ProjectActivity.Status.SCHEDULED


def test_only_the_projects_organisations_award_its_activities(federation, activity):
    # given
    f = federation

    # when
    with pytest.raises(FederationError) as refused:
        do_award_project_activity(actor=f.actor(f.company), activity_id=activity.id)
    with pytest.raises(FederationError) as missing:
        do_award_project_activity(actor=f.actor(f.company), activity_id=activity.id + 1000)

    # then: not theirs and missing look the same
    assert refused.value.code == missing.value.code == FederationErrorCode.ACTIVITY_NOT_FOUND
    assert transfer_count(f.beizhan.schema_name) == transfer_count(f.minle.schema_name) == 0
