"""Attendance at project activities: managers check residents in, residents check in with the code shown."""

from datetime import timedelta

import pytest
from django_tenants.utils import schema_context

from sharepool.platform.federation.actors import community_worker_actor, operator_actor
from sharepool.platform.federation.attendance import do_check_in_to_project_activity
from sharepool.platform.federation.awards import do_award_project_activity
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import ProjectActivity, ProjectActivitySignup
from sharepool.platform.federation.projects import do_cancel_project
from sharepool.tenants.ledger.models import Transfer
from tests.graphql.conftest import add_member
from tests.platform.federation.conftest import check_in, member_id, sign_up
from tests.platform.federation.test_projects import schedule
from tests.tenants.cast import during

WHO = (
    "checked_in_by_kind",
    "checked_in_by_organisation__name",
    "checked_in_by_community__slug",
    "checked_in_by_member_id",
)


def state(federation) -> tuple:
    """Every sign-up and activity of the public schema, and both communities' transfers."""
    counts = []
    for community in (federation.beizhan, federation.minle):
        with schema_context(community.schema_name):
            counts.append(Transfer.objects.count())
    return (
        list(ProjectActivitySignup.objects.order_by("id").values()),
        list(ProjectActivity.objects.order_by("id").values("id", "status", "check_in_code")),
        counts,
    )


def who_checked_in(activity) -> dict[tuple[str, str], tuple]:
    signups = ProjectActivitySignup.objects.filter(activity=activity).exclude(checked_in_at=None)
    return {
        (signup["community__slug"], signup["display_name"]): tuple(signup[field] for field in WHO)
        for signup in signups.values("community__slug", "display_name", *WHO)
    }


def resident(federation, community, username):
    return federation.resident(community, member_id(community, username), username)


def test_a_manager_checks_a_resident_in_and_a_resident_checks_in_with_the_code(federation, joint_activity):
    # given: zhaofang (minle) and lihua (beizhan) signed up
    f = federation
    code = joint_activity.check_in_code

    # when: the police check lihua in; zhaofang types the code, in lower case with spaces
    by_police = check_in(f, joint_activity, f.beizhan, "lihua", by=f.police)
    by_code = do_check_in_to_project_activity(
        actor=resident(f, f.minle, "zhaofang"),
        activity_id=joint_activity.id,
        code=f" {code.lower()} ",
        now=during(joint_activity),
    )

    # then
    assert by_police.checked_in_at is not None and by_code.checked_in_at is not None
    assert who_checked_in(joint_activity) == {
        ("beizhan", "lihua"): ("organisation", "北站公交派出所", None, None),
        ("minle", "zhaofang"): ("resident", None, "minle", member_id(f.minle, "zhaofang")),
    }
    assert len(code) == 6 and code == ProjectActivity.objects.get(id=joint_activity.id).check_in_code


@pytest.mark.parametrize(
    "manager",
    ["committee", "police", "school", "street office", "operator", "beizhan worker", "minle worker"],
)
def test_whoever_may_award_the_activity_may_check_residents_in(federation, joint_activity, manager):
    # given: the project's organisations, their street office, operators, and workers of the
    # communities of the project's organisations (beizhan: committee and police; minle: the school)
    f = federation
    workers = {
        community.slug: add_member(community.schema_name, f"worker-{community.slug}", role="worker")
        for community in (f.beizhan, f.minle)
    }
    actors = {
        "committee": f.actor(f.committee),
        "police": f.actor(f.police),
        "school": f.actor(f.school),
        "street office": f.office_actor,
        "operator": operator_actor(),
        "beizhan worker": community_worker_actor(community_id=f.beizhan.id, member_id=workers["beizhan"].id),
        "minle worker": community_worker_actor(community_id=f.minle.id, member_id=workers["minle"].id),
    }

    # when: each checks in zhaofang, a resident of minle (the activity is beizhan's)
    do_check_in_to_project_activity(
        actor=actors[manager],
        activity_id=joint_activity.id,
        community_id=f.minle.id,
        member_id=member_id(f.minle, "zhaofang"),
        now=during(joint_activity),
    )

    # then: recorded as the organisation acted for (the lead's, when not named) and the worker, if any
    expected = {
        "committee": ("organisation", "北站社区党委", None, None),
        "police": ("organisation", "北站公交派出所", None, None),
        "school": ("organisation", "民乐小学", None, None),
        "street office": ("street_office", "北站社区党委", None, None),
        "operator": ("operator", "北站社区党委", None, None),
        "beizhan worker": ("community_worker", "北站社区党委", "beizhan", workers["beizhan"].id),
        "minle worker": ("community_worker", "民乐小学", "minle", workers["minle"].id),
    }
    assert who_checked_in(joint_activity) == {("minle", "zhaofang"): expected[manager]}


def test_checking_in_one_resident_changes_no_other_sign_up(federation, joint_project, joint_activity):
    # given: zhaofang (minle) is also signed up to a minle-hosted activity of the project
    f = federation
    other = schedule(f, joint_project, slots=5, host=f.minle)
    sign_up(f, other, f.minle, "zhaofang")
    before = list(ProjectActivitySignup.objects.exclude(activity=joint_activity, community=f.minle).values())

    # when
    check_in(f, joint_activity, f.minle, "zhaofang")

    # then: lihua (beizhan, whatever her local id) and zhaofang's other place are as they were
    assert list(
        ProjectActivitySignup.objects.exclude(activity=joint_activity, community=f.minle).values()
    ) == (before)
    assert list(who_checked_in(joint_activity)) == [("minle", "zhaofang")]
    assert who_checked_in(other) == {}


def award(f, activity):
    check_in(f, activity, f.beizhan, "lihua")
    do_award_project_activity(actor=f.actor(f.committee), activity_id=activity.id, now=during(activity))


def cancel_activity(_f, activity):
    # Nothing cancels a single activity yet; the status is what check-in reads.
    ProjectActivity.objects.filter(id=activity.id).update(status=ProjectActivity.Status.CANCELLED)


def cancel_project(f, activity):
    do_cancel_project(actor=f.actor(f.committee), project_id=activity.project_id)


# case -> (what happened before, who, the arguments, the code expected)
REFUSALS = {
    "a wrong code": (
        None,
        lambda f: resident(f, f.minle, "zhaofang"),
        lambda f, a: {"code": "WRONG1"},
        FederationErrorCode.CODE_INVALID,
    ),
    "no code": (
        None,
        lambda f: resident(f, f.minle, "zhaofang"),
        lambda f, a: {},
        FederationErrorCode.CODE_INVALID,
    ),
    "a code typed in Chinese": (
        None,
        lambda f: resident(f, f.minle, "zhaofang"),
        lambda f, a: {"code": "签到码"},
        FederationErrorCode.CODE_INVALID,
    ),
    "the right code, not signed up": (
        None,
        lambda f: f.resident(f.minle, member_id=9999),
        lambda f, a: {"code": a.check_in_code},
        FederationErrorCode.NOT_SIGNED_UP,
    ),
    "a resident checking in another": (
        None,
        lambda f: resident(f, f.minle, "zhaofang"),
        lambda f, a: {"community_id": f.beizhan.id, "member_id": member_id(f.beizhan, "lihua")},
        FederationErrorCode.NOT_ALLOWED,
    ),
    "a worker checking in with the code": (
        None,
        lambda f: community_worker_actor(community_id=f.beizhan.id, member_id=1),
        lambda f, a: {"code": a.check_in_code},
        FederationErrorCode.NOT_ALLOWED,
    ),
    "an organisation outside the project": (
        None,
        lambda f: f.actor(f.company),
        lambda f, a: {"community_id": f.beizhan.id, "member_id": member_id(f.beizhan, "lihua")},
        FederationErrorCode.ACTIVITY_NOT_FOUND,
    ),
    "a missing activity": (
        None,
        lambda f: f.actor(f.committee),
        lambda f, a: {
            "activity_id": a.id + 1000,
            "community_id": f.beizhan.id,
            "member_id": member_id(f.beizhan, "lihua"),
        },
        FederationErrorCode.ACTIVITY_NOT_FOUND,
    ),
    "a resident of minle not signed up": (
        None,
        lambda f: f.actor(f.committee),
        lambda f, a: {"community_id": f.minle.id, "member_id": 9999},
        FederationErrorCode.NOT_SIGNED_UP,
    ),
    "already checked in, by a manager": (
        lambda f, a: check_in(f, a, f.minle, "zhaofang"),
        lambda f: f.actor(f.police),
        lambda f, a: {"community_id": f.minle.id, "member_id": member_id(f.minle, "zhaofang")},
        FederationErrorCode.ALREADY_CHECKED_IN,
    ),
    "already checked in, with the code": (
        lambda f, a: check_in(f, a, f.minle, "zhaofang"),
        lambda f: resident(f, f.minle, "zhaofang"),
        lambda f, a: {"code": a.check_in_code},
        FederationErrorCode.ALREADY_CHECKED_IN,
    ),
    "the activity awarded": (
        award,
        lambda f: resident(f, f.minle, "zhaofang"),
        lambda f, a: {"code": a.check_in_code},
        FederationErrorCode.ACTIVITY_CLOSED,
    ),
    "the activity cancelled": (
        cancel_activity,
        lambda f: f.actor(f.committee),
        lambda f, a: {"community_id": f.minle.id, "member_id": member_id(f.minle, "zhaofang")},
        FederationErrorCode.ACTIVITY_CLOSED,
    ),
    "the project cancelled": (
        cancel_project,
        lambda f: resident(f, f.minle, "zhaofang"),
        lambda f, a: {"code": a.check_in_code},
        FederationErrorCode.ACTIVITY_CLOSED,
    ),
    # The host community's window, as at its own activities (issue 10): an hour before the start...
    "before check-in opens": (
        None,
        lambda f: f.actor(f.committee),
        lambda f, a: {
            "community_id": f.minle.id,
            "member_id": member_id(f.minle, "zhaofang"),
            "now": a.starts_at - timedelta(minutes=61),
        },
        FederationErrorCode.CHECK_IN_NOT_OPEN,
    ),
    # ...until the end
    "after the end, with the code": (
        None,
        lambda f: resident(f, f.minle, "zhaofang"),
        lambda f, a: {"code": a.check_in_code, "now": a.ends_at},
        FederationErrorCode.CHECK_IN_CLOSED,
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_refused_check_in_changes_nothing(federation, joint_activity, case):
    # given
    f = federation
    before_refusal, actor_of, arguments_of, expected = REFUSALS[case]
    if before_refusal is not None:
        before_refusal(f, joint_activity)
    arguments = {"activity_id": joint_activity.id, "now": during(joint_activity)}
    arguments |= arguments_of(f, joint_activity)
    actor = actor_of(f)
    before = state(f)

    # when
    with pytest.raises(FederationError) as refused:
        do_check_in_to_project_activity(actor=actor, **arguments)

    # then
    assert refused.value.code == expected
    assert state(f) == before
