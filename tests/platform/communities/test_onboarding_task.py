import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tenants.utils import schema_context

from sharepool.core.errors import DomainError
from sharepool.core.text import TextErrorCode
from sharepool.platform.communities.errors import OnboardingErrorCode
from sharepool.platform.communities.models import Community, Domain
from sharepool.platform.communities.provisioning import do_finish_onboarding
from sharepool.platform.communities.services import do_start_onboarding
from sharepool.tenants.members.models import Member
from tests.conftest import TEST_PASSWORD


def test_onboarding_as_a_task_answers_with_provisioning_then_becomes_active(
    client, minle, django_capture_on_commit_callbacks
):
    # when: the platform answers before the task has run
    with django_capture_on_commit_callbacks(execute=False) as queued:
        result = do_start_onboarding(
            slug="beizhan", name="北站社区", street_office_name="民治街道", admin_password=TEST_PASSWORD
        )

    # then
    assert result.status == "provisioning"
    assert Community.objects.get(slug="beizhan").status == "provisioning"
    assert Domain.objects.get(domain="beizhan.localhost").tenant.slug == "beizhan"
    assert client.get("/", HTTP_HOST="beizhan.localhost").status_code == 404
    assert len(queued) == 1

    # when: the task runs (eagerly here: no REDIS_URL)
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()

    # then
    assert Community.objects.get(slug="beizhan").status == "active"
    with schema_context("c_beizhan"):
        admin = get_user_model().objects.get(username="admin")
        assert admin.check_password(TEST_PASSWORD)
        assert (Member.objects.get().role, Member.objects.get().member_number) == ("admin", 1)
    assert client.get("/", HTTP_HOST="beizhan.localhost").status_code == 200
    with schema_context(minle.schema_name):
        assert Member.objects.count() == 1


def test_a_redelivered_onboarding_task_changes_nothing(minle, django_capture_on_commit_callbacks):
    # given: onboarded through the task
    with django_capture_on_commit_callbacks(execute=True):
        result = do_start_onboarding(
            slug="beizhan", name="北站社区", street_office_name="民治街道", admin_password=TEST_PASSWORD
        )
    community = Community.objects.get(slug="beizhan")

    # when: the same task arrives again
    status = do_finish_onboarding(
        community_id=community.id,
        admin_username="admin",
        admin_password_hash="pbkdf2_sha256$1$x$y",
        admin_display_name="管理员",
    )

    # then
    assert status == "active" and result.status == "provisioning"
    with schema_context("c_beizhan"):
        assert Member.objects.count() == 1
        assert get_user_model().objects.get(username="admin").check_password(TEST_PASSWORD)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"admin_password": "123"}, OnboardingErrorCode.ADMIN_PASSWORD_INVALID),
        ({"slug": "minle"}, OnboardingErrorCode.SLUG_TAKEN),
        ({"slug": "admin"}, OnboardingErrorCode.SLUG_RESERVED),
        ({"name": "北站\x00社区"}, TextErrorCode.TEXT_INVALID),
        ({"district": "龙华区" * 40}, TextErrorCode.TEXT_TOO_LONG),
        ({"admin_display_name": "管理员" * 40}, TextErrorCode.TEXT_TOO_LONG),
        ({"admin_username": "ad\x00min"}, TextErrorCode.TEXT_INVALID),
    ],
)
def test_onboarding_as_a_task_refuses_bad_input_and_queues_nothing(
    minle, django_capture_on_commit_callbacks, kwargs, code
):
    # given
    arguments = {
        "slug": "beizhan",
        "name": "北站社区",
        "street_office_name": "民治街道",
        "admin_password": TEST_PASSWORD,
        **kwargs,
    }
    communities_before = list(Community.objects.values_list("slug", "status"))

    # when
    with (
        django_capture_on_commit_callbacks(execute=False) as queued,
        pytest.raises(DomainError) as refused,
    ):
        do_start_onboarding(**arguments)

    # then
    assert refused.value.code == code
    assert queued == []
    assert list(Community.objects.values_list("slug", "status")) == communities_before


def test_the_command_onboards_in_the_background_on_request(minle, capsys, django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=False) as queued:
        call_command(
            "onboard_community",
            "--slug=beizhan",
            "--name=北站社区",
            "--street-office=民治街道",
            f"--admin-password={TEST_PASSWORD}",
            "--in-background",
        )

    # then
    captured = capsys.readouterr()
    assert captured.out == "http://beizhan.localhost:8000/\n"
    assert "status: provisioning" in captured.err
    assert Community.objects.get(slug="beizhan").status == "provisioning"
    assert len(queued) == 1
