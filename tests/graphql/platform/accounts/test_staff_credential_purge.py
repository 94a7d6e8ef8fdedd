"""The daily purge of platform accounts' ended tokens and old login attempts (public schema)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.credentials.purge import LOGIN_ATTEMPT_RETENTION, TOKEN_RETENTION, PurgedCredentials
from sharepool.credentials.tokens import hash_token
from sharepool.platform.accounts.models import StaffLoginAttempt, StaffToken
from sharepool.platform.accounts.services import do_purge_staff_credentials
from sharepool.tenants.members.models import Member, MemberLoginAttempt, MemberToken
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import gql

SECOND = timedelta(seconds=1)
LOGIN = "mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token errors { code } } }"
ME = "{ me { username } }"


def staff_rows() -> tuple[list, list]:
    return (
        list(StaffToken.objects.order_by("id").values_list("id", "expires_at", "revoked_at")),
        list(StaffLoginAttempt.objects.order_by("id").values_list("id", "username", "at")),
    )


def community_rows(schema_name: str) -> tuple[list, list]:
    with schema_context(schema_name):
        return (
            list(MemberToken.objects.order_by("id").values_list("id", "expires_at", "revoked_at")),
            list(MemberLoginAttempt.objects.order_by("id").values_list("id", "at")),
        )


def ended_token(label: str, *, expires_at=None, revoked_at=None) -> int:
    """Another token of minzhi's, expired or revoked as asked."""
    return StaffToken.objects.create(
        user=get_user_model().objects.get(username="minzhi"),
        key_hash=hash_token(f"sps_{label}"),
        expires_at=expires_at or timezone.now() + timedelta(days=1),
        revoked_at=revoked_at,
    ).id


def test_staff_credentials_past_retention_are_purged_and_a_valid_token_still_signs_in(
    platform_tokens, beizhan, minle
):
    # given: the fixture's three valid tokens and their three successful sign-ins, and ended rows
    now = timezone.now()
    minzhi = platform_tokens["minzhi"]
    valid_ids = [row[0] for row in staff_rows()[0]]
    expired_inside = ended_token("expired-inside", expires_at=now - TOKEN_RETENTION + SECOND)
    ended_token("expired-past", expires_at=now - TOKEN_RETENTION - SECOND)
    revoked_inside = ended_token("revoked-inside", revoked_at=now - TOKEN_RETENTION + SECOND)
    ended_token("revoked-past", revoked_at=now - TOKEN_RETENTION - SECOND)
    attempts_kept = [row[0] for row in staff_rows()[1]]
    attempts_kept.append(
        StaffLoginAttempt.objects.create(
            username="minzhi", succeeded=False, at=now - LOGIN_ATTEMPT_RETENTION + SECOND
        ).id
    )
    StaffLoginAttempt.objects.create(
        username="minzhi", succeeded=False, at=now - LOGIN_ATTEMPT_RETENTION - SECOND
    )
    with schema_context(beizhan.schema_name):
        MemberToken.objects.create(
            member=Member.objects.get(user__username="admin"),
            key_hash=hash_token("spm_ended"),
            expires_at=now - TOKEN_RETENTION - timedelta(days=1),
        )
        MemberLoginAttempt.objects.create(username="admin", succeeded=False, at=now - timedelta(days=365))
    communities_before = community_rows(beizhan.schema_name), community_rows(minle.schema_name)

    # when
    first = do_purge_staff_credentials(now=now)
    after_first = staff_rows()
    second = do_purge_staff_credentials(now=now)

    # then
    assert first == PurgedCredentials(tokens=2, login_attempts=1)
    assert second == PurgedCredentials(tokens=0, login_attempts=0)
    assert [row[0] for row in after_first[0]] == [*valid_ids, expired_inside, revoked_inside]
    assert [row[0] for row in after_first[1]] == attempts_kept
    assert staff_rows() == after_first
    assert gql("localhost", ME, token=minzhi).json() == {"data": {"me": {"username": "minzhi"}}}
    # the platform's purge leaves the communities' own credentials to their own purge
    assert (community_rows(beizhan.schema_name), community_rows(minle.schema_name)) == communities_before


def test_a_throttled_staff_login_stays_throttled_after_a_purge(platform_tokens, settings):
    # given: the account locked by failures inside the window
    for _attempt in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        gql("localhost", LOGIN, {"u": "minzhi", "p": "wrong"})
    StaffLoginAttempt.objects.create(
        username="minzhi", succeeded=False, at=timezone.now() - timedelta(days=365)
    )
    tokens_before = StaffToken.objects.count()

    # when
    purged = do_purge_staff_credentials(now=timezone.now())

    # then
    assert purged == PurgedCredentials(tokens=0, login_attempts=1)
    locked = gql("localhost", LOGIN, {"u": "minzhi", "p": TEST_PASSWORD})
    assert locked.json()["data"]["login"] == {"token": None, "errors": [{"code": "too_many_attempts"}]}
    assert StaffToken.objects.count() == tokens_before
    assert StaffLoginAttempt.objects.filter(succeeded=False).count() == settings.LOGIN_FAILURES_PER_ACCOUNT


def test_login_attempts_by_address_of_every_community_are_purged_with_the_platforms(beizhan, minle):
    # given: attempts by address (public schema) from a community and the platform, old and recent
    from sharepool.credentials.models import AddressLoginAttempt

    now = timezone.now()
    old = now - LOGIN_ATTEMPT_RETENTION - SECOND
    recent = now - LOGIN_ATTEMPT_RETENTION + SECOND
    AddressLoginAttempt.objects.create(address="10.0.0.1", schema_name=beizhan.schema_name, at=old)
    AddressLoginAttempt.objects.create(address="10.0.0.1", schema_name="public", at=old)
    kept = AddressLoginAttempt.objects.create(address="10.0.0.1", schema_name=minle.schema_name, at=recent).id

    # when
    purged = do_purge_staff_credentials(now=now)

    # then
    assert purged == PurgedCredentials(tokens=0, login_attempts=2)
    assert list(AddressLoginAttempt.objects.values_list("id", flat=True)) == [kept]
