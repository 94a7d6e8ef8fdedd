import pytest
from django.db import connection
from django_tenants.utils import schema_context

from sharepool.platform.communities.errors import OnboardingError, OnboardingErrorCode
from sharepool.platform.communities.models import Community, Domain, StreetOffice
from sharepool.platform.communities.schema_pool import ready_schemas
from sharepool.platform.communities.services import onboard_community
from sharepool.tenants.members.models import CommunitySettings, Member
from tests.conftest import TEST_PASSWORD


def schema_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


def public_counts() -> dict[str, int]:
    return {
        "communities": Community.objects.count(),
        "domains": Domain.objects.count(),
        "street_offices": StreetOffice.objects.count(),
    }


def test_onboarding_creates_schema_domain_settings_and_admin(db):
    # given
    schemas_before = schema_names()

    # when
    result = onboard_community(
        slug="beizhan",
        name="北站社区",
        street_office_name="民治街道",
        population=72_000,
        admin_password=TEST_PASSWORD,
    )

    # then
    community = Community.objects.get(slug="beizhan")
    assert community.schema_name == "c_beizhan" == result.schema_name
    assert community.status == Community.Status.ACTIVE
    assert community.locale == "zh-hans" and community.timezone == "Asia/Shanghai"
    assert community.street_office.name == "民治街道"
    assert community.population == 72_000
    assert Domain.objects.get(tenant=community).domain == "beizhan.localhost"
    assert result.url == "http://beizhan.localhost:8000/"
    assert schema_names() - schemas_before == {"c_beizhan"}
    with schema_context("c_beizhan"):
        admin = Member.objects.get()
        assert (admin.role, admin.status, admin.member_number) == ("admin", "active", 1)
        assert admin.user.check_password(TEST_PASSWORD)
        assert CommunitySettings.load().default_credit_limit_minutes == 300  # 5 hours (issue 10)


def test_onboarding_takes_a_schema_from_the_pool(db):
    # given
    pool_before = ready_schemas()

    # when
    onboard_community(
        slug="beizhan", name="北站社区", street_office_name="民治街道", admin_password=TEST_PASSWORD
    )

    # then: one ready schema became the community's
    pool_after = ready_schemas()
    assert len(pool_after) == len(pool_before) - 1
    assert set(pool_after) < set(pool_before)


def test_onboarding_without_a_broker_leaves_the_refill_to_later(
    db, settings, django_capture_on_commit_callbacks
):
    # given: no REDIS_URL, so a task would run in the onboarding's own process; the pool is full
    pool_before = ready_schemas()
    settings.SCHEMA_POOL_SIZE = len(pool_before)

    # when: onboarding commits
    with django_capture_on_commit_callbacks(execute=True):
        onboard_community(
            slug="beizhan", name="北站社区", street_office_name="民治街道", admin_password=TEST_PASSWORD
        )

    # then: the pool is one schema short; nobody waited for a refill (issue 15)
    assert len(ready_schemas()) == len(pool_before) - 1


def test_onboarding_with_an_empty_pool_copies_the_template(db):
    # given: every ready schema taken
    for index in range(len(ready_schemas())):
        onboard_community(
            slug=f"pool-{index}", name="x", street_office_name="民治街道", admin_password=TEST_PASSWORD
        )
    assert ready_schemas() == []

    # when
    onboard_community(
        slug="beizhan", name="北站社区", street_office_name="民治街道", admin_password=TEST_PASSWORD
    )

    # then
    with schema_context("c_beizhan"):
        assert Member.objects.count() == 1


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("ab", OnboardingErrorCode.SLUG_TOO_SHORT),
        ("a" * 41, OnboardingErrorCode.SLUG_TOO_LONG),
        ("Beizhan", OnboardingErrorCode.SLUG_INVALID),
        ("bei_zhan", OnboardingErrorCode.SLUG_INVALID),
        ("bei zhan", OnboardingErrorCode.SLUG_INVALID),
        ("-beizhan", OnboardingErrorCode.SLUG_INVALID),
        ("beizhan-", OnboardingErrorCode.SLUG_INVALID),
        ("bei--zhan", OnboardingErrorCode.SLUG_INVALID),
        ("北站社区", OnboardingErrorCode.SLUG_INVALID),
        ('x";drop', OnboardingErrorCode.SLUG_INVALID),
        ("www", OnboardingErrorCode.SLUG_RESERVED),
        ("api", OnboardingErrorCode.SLUG_RESERVED),
        ("admin", OnboardingErrorCode.SLUG_RESERVED),
        ("public", OnboardingErrorCode.SLUG_RESERVED),
        ("platform", OnboardingErrorCode.SLUG_RESERVED),
        ("static", OnboardingErrorCode.SLUG_RESERVED),
    ],
)
def test_a_bad_slug_is_refused_with_its_code_and_nothing_is_created(db, slug, code):
    # given
    schemas_before, counts_before = schema_names(), public_counts()

    # when
    with pytest.raises(OnboardingError) as refused:
        onboard_community(
            slug=slug, name="北站社区", street_office_name="民治街道", admin_password=TEST_PASSWORD
        )

    # then
    assert refused.value.code == code
    assert refused.value.field == "slug"
    assert schema_names() == schemas_before
    assert public_counts() == counts_before


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": "  "}, OnboardingErrorCode.NAME_REQUIRED),
        ({"street_office_name": ""}, OnboardingErrorCode.STREET_OFFICE_REQUIRED),
        ({"population": 0}, OnboardingErrorCode.POPULATION_INVALID),
        ({"population": -5}, OnboardingErrorCode.POPULATION_INVALID),
        ({"admin_password": "123"}, OnboardingErrorCode.ADMIN_PASSWORD_INVALID),
    ],
)
def test_bad_details_are_refused_with_their_code_and_nothing_is_created(db, fields, code):
    # given
    schemas_before, counts_before = schema_names(), public_counts()
    arguments = {
        "slug": "beizhan",
        "name": "北站社区",
        "street_office_name": "民治街道",
        "admin_password": TEST_PASSWORD,
    }

    # when
    with pytest.raises(OnboardingError) as refused:
        onboard_community(**(arguments | fields))

    # then
    assert refused.value.code == code
    assert schema_names() == schemas_before
    assert public_counts() == counts_before


def test_a_duplicate_slug_is_refused_and_the_first_community_is_untouched(beizhan):
    # given
    schemas_before, counts_before = schema_names(), public_counts()

    # when
    with pytest.raises(OnboardingError) as refused:
        onboard_community(
            slug="beizhan", name="另一个", street_office_name="别的街道", admin_password=TEST_PASSWORD
        )

    # then
    assert refused.value.code == OnboardingErrorCode.SLUG_TAKEN
    assert schema_names() == schemas_before
    assert public_counts() == counts_before
    assert Community.objects.get(slug="beizhan").name == "北站社区"


def test_a_failure_after_the_schema_exists_leaves_no_schema_and_no_rows(db, monkeypatch):
    # given: creating the admin fails, after the schema was renamed and the rows were written
    import sharepool.gateways.community_setup as community_setup

    def broken_admin(**kwargs):
        assert "c_beizhan" in schema_names()  # the failure really comes after the schema exists
        raise RuntimeError("disk full")

    monkeypatch.setattr(community_setup, "do_create_community_admin", broken_admin)
    schemas_before, counts_before, pool_before = schema_names(), public_counts(), ready_schemas()

    # when
    with pytest.raises(RuntimeError):
        onboard_community(
            slug="beizhan", name="北站社区", street_office_name="新街道", admin_password=TEST_PASSWORD
        )

    # then
    assert schema_names() == schemas_before
    assert public_counts() == counts_before
    assert ready_schemas() == pool_before
    assert connection.schema_name == "public"


def test_the_cli_prints_the_url(db, capsys):
    from django.core.management import call_command

    call_command(
        "onboard_community",
        "--slug",
        "beizhan",
        "--name",
        "北站社区",
        "--street-office",
        "民治街道",
        "--population",
        "72000",
        "--admin-password",
        TEST_PASSWORD,
    )

    assert capsys.readouterr().out.strip() == "http://beizhan.localhost:8000/"
    assert Community.objects.get(slug="beizhan").population == 72_000


def test_the_cli_refuses_a_reserved_slug_with_its_code(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="slug_reserved"):
        call_command("onboard_community", "--slug", "www", "--name", "x", "--street-office", "民治街道")
    assert Community.objects.count() == 0
