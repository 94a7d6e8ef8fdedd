"""/projects/: the alliance's project activities open to this community; sign up and check in."""

from django_tenants.utils import schema_context

from sharepool.platform.federation.models import ProjectActivitySignup
from tests.graphql.conftest import add_member
from tests.platform.federation.conftest import under_way
from tests.web.pages import back_to, client_of, form_errors, queries_of


def scheduled(federation, joint_project, title="寒假站区文明劝导"):
    from tests.platform.federation.test_projects import schedule

    activity = schedule(federation, joint_project, slots=5)
    activity.title = title
    activity.save(update_fields=["title"])
    return activity


def test_a_resident_signs_up_and_checks_in_with_the_code(federation, joint_project, beizhan):
    # given
    activity = scheduled(federation, joint_project)
    resident = add_member(beizhan.schema_name, "lihua")
    client = client_of(beizhan, resident)

    # when
    listed = client.get("/projects/")
    signed = client.post(f"/projects/{activity.id}/sign-up/")
    under_way(activity)
    wrong = client.post(f"/projects/{activity.id}/check-in/", {"code": "ZZZZZZ"})

    # then
    assert [row["activity"].id for row in listed.context["rows"]] == [activity.id]
    assert signed.status_code == 302
    back_to(beizhan)
    signup = ProjectActivitySignup.objects.get(activity=activity)
    assert (signup.member_id, signup.checked_in_at) == (resident.id, None)
    assert form_errors(wrong, "failed_form") == {"code": ["签到码不正确。"]}
    assert "签到码不正确。" in wrong.content.decode()

    # when
    right = client.post(f"/projects/{activity.id}/check-in/", {"code": activity.check_in_code})

    # then
    assert right.status_code == 302
    signup.refresh_from_db()
    assert signup.checked_in_at is not None
    assert client.get("/projects/").context["mine"][0]["checked_in"] is True


def test_signing_up_twice_is_refused_and_writes_nothing(federation, joint_project, beizhan):
    activity = scheduled(federation, joint_project)
    client = client_of(beizhan, add_member(beizhan.schema_name, "lihua"))
    client.post(f"/projects/{activity.id}/sign-up/")

    again = client.post(f"/projects/{activity.id}/sign-up/")

    assert form_errors(again, "failed_form") == {"__all__": ["您已经报名。"]}
    back_to(beizhan)
    assert ProjectActivitySignup.objects.filter(activity=activity).count() == 1


def test_the_projects_page_costs_the_same_queries_for_two_or_twelve_activities(
    federation, joint_project, beizhan
):
    client = client_of(beizhan, add_member(beizhan.schema_name, "lihua"))
    for n in range(2):
        scheduled(federation, joint_project, title=f"活动{n}")
    two = queries_of(client, "/projects/")
    back_to(beizhan)
    for n in range(10):
        scheduled(federation, joint_project, title=f"更多活动{n}")

    assert two == queries_of(client, "/projects/")


def test_an_unknown_activity_is_refused_and_another_communitys_session_is_not_taken_here(
    federation, joint_project, beizhan, minle
):
    # given an activity open to both communities, and a minle resident signed in on minle's host
    activity = scheduled(federation, joint_project)
    with schema_context(minle.schema_name):
        client = client_of(minle, add_member(minle.schema_name, "zhaofang"))

    # when they name an activity that does not exist, and take their cookie to beizhan's host
    missing = client.post("/projects/999999/sign-up/")
    foreign = client.post(f"/projects/{activity.id}/sign-up/", HTTP_HOST=beizhan.domain)

    # then
    assert form_errors(missing, "failed_form") == {"__all__": ["没有这个活动。"]}
    assert foreign.status_code == 302 and foreign["Location"].startswith("/login/")
    assert ProjectActivitySignup.objects.count() == 0
