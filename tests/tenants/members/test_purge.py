"""The daily purge of each community's ended tokens and old login attempts (sharepool/credentials/purge.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.credentials.purge import LOGIN_ATTEMPT_RETENTION, TOKEN_RETENTION, PurgedCredentials
from sharepool.credentials.tokens import hash_token
from sharepool.platform.celery import app as celery_app
from sharepool.platform.communities.tasks import run_in_every_active_community
from sharepool.tenants.members.errors import MemberError, MemberErrorCode
from sharepool.tenants.members.models import Member, MemberLoginAttempt, MemberToken
from sharepool.tenants.members.services import (
    do_issue_member_token,
    do_login_member,
    do_purge_member_credentials,
    member_for_token,
)
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import gql

SECOND = timedelta(seconds=1)
ME = "{ me { displayName } }"


def issue(*, expires_at=None, revoked_at=None) -> tuple[int, str]:
    """A token of the community's admin, then expired or revoked as asked: its id and its text."""
    text = do_issue_member_token(member=Member.objects.get(user__username="admin")).token
    token = MemberToken.objects.get(key_hash=hash_token(text))
    token.expires_at = expires_at or token.expires_at
    token.revoked_at = revoked_at
    token.save(update_fields=["expires_at", "revoked_at"])
    return token.id, text


def attempt(at, *, succeeded: bool = False) -> int:
    return MemberLoginAttempt.objects.create(
        username="admin", address="10.0.0.1", succeeded=succeeded, at=at
    ).id


def seed(now, margin=SECOND) -> dict[str, int]:
    """One row of each kind in the current community, `margin` either side of the cut-offs of `now`."""
    return {
        "valid": issue()[0],
        "expired_inside_retention": issue(expires_at=now - TOKEN_RETENTION + margin)[0],
        "expired_past_retention": issue(expires_at=now - TOKEN_RETENTION - margin)[0],
        "revoked_inside_retention": issue(revoked_at=now - TOKEN_RETENTION + margin)[0],
        # revoked long enough ago, though not yet past its expiry
        "revoked_past_retention": issue(revoked_at=now - TOKEN_RETENTION - margin)[0],
        "attempt_in_window": attempt(now - timedelta(minutes=1)),
        "attempt_inside_retention": attempt(now - LOGIN_ATTEMPT_RETENTION + margin, succeeded=True),
        "attempt_past_retention": attempt(now - LOGIN_ATTEMPT_RETENTION - margin),
    }


def kept(seeded: dict[str, int]) -> tuple[list[int], list[int]]:
    """The ids of `seed`'s rows a purge keeps: tokens, then attempts."""
    return (
        [seeded["valid"], seeded["expired_inside_retention"], seeded["revoked_inside_retention"]],
        [seeded["attempt_in_window"], seeded["attempt_inside_retention"]],
    )


def token_ids() -> list[int]:
    return list(MemberToken.objects.order_by("id").values_list("id", flat=True))


def attempt_ids() -> list[int]:
    return list(MemberLoginAttempt.objects.order_by("id").values_list("id", flat=True))


def rows() -> tuple[list, list]:
    return (
        list(MemberToken.objects.order_by("id").values_list("id", "key_hash", "expires_at", "revoked_at")),
        list(MemberLoginAttempt.objects.order_by("id").values_list("id", "username", "succeeded", "at")),
    )


def test_tokens_and_attempts_past_retention_are_deleted_and_the_rest_kept(beizhan, minle):
    # given: the same rows in both communities
    now = timezone.now()
    with schema_context(beizhan.schema_name):
        seeded = seed(now)
    with schema_context(minle.schema_name):
        seed(now)
        minle_before = rows()

    # when
    with schema_context(beizhan.schema_name):
        purged = do_purge_member_credentials(now=now)

    # then
    assert purged == PurgedCredentials(tokens=2, login_attempts=1)
    with schema_context(beizhan.schema_name):
        assert (token_ids(), attempt_ids()) == kept(seeded)
    with schema_context(minle.schema_name):
        assert rows() == minle_before
        assert (len(minle_before[0]), len(minle_before[1])) == (5, 3)


def test_a_second_purge_changes_nothing(beizhan, minle):
    # given
    now = timezone.now()
    with schema_context(minle.schema_name):
        seed(now)
        minle_before = rows()
    with schema_context(beizhan.schema_name):
        seed(now)
        first = do_purge_member_credentials(now=now)
        after_first = rows()

        # when
        second = do_purge_member_credentials(now=now)

        # then
        assert first == PurgedCredentials(tokens=2, login_attempts=1)
        assert second == PurgedCredentials(tokens=0, login_attempts=0)
        assert rows() == after_first
    with schema_context(minle.schema_name):
        assert rows() == minle_before


def test_a_throttled_login_stays_throttled_after_a_purge(beizhan, minle, settings):
    with schema_context(beizhan.schema_name):
        # given: the account locked by failures inside the window, and an attempt from last year
        attempt(timezone.now() - timedelta(days=365))
        for _n in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
            with pytest.raises(MemberError):
                do_login_member(username="admin", password="wrong-password", address="10.0.0.2")
        tokens_before = token_ids()

        # when
        purged = do_purge_member_credentials(now=timezone.now())

        # then: only last year's attempt went, and the right password is still refused
        assert purged == PurgedCredentials(tokens=0, login_attempts=1)
        assert (
            MemberLoginAttempt.objects.filter(succeeded=False).count() == settings.LOGIN_FAILURES_PER_ACCOUNT
        )
        with pytest.raises(MemberError) as locked:
            do_login_member(username="admin", password=TEST_PASSWORD, address="10.0.0.2")
        assert locked.value.code == MemberErrorCode.TOO_MANY_ATTEMPTS
        assert token_ids() == tokens_before
    with schema_context(minle.schema_name):
        # minle's admin of the same name was never locked, and the purge left minle alone
        assert MemberLoginAttempt.objects.count() == 0
        assert do_login_member(username="admin", password=TEST_PASSWORD, address="10.0.0.2").token


def test_attempts_are_kept_through_a_throttle_window_longer_than_the_retention(beizhan, minle, settings):
    # given: a window made longer than the retention, and a failure inside it but past the retention
    settings.LOGIN_THROTTLE_WINDOW_SECONDS = int(
        (LOGIN_ATTEMPT_RETENTION + timedelta(days=10)).total_seconds()
    )
    now = timezone.now()
    with schema_context(beizhan.schema_name):
        inside_window = attempt(now - LOGIN_ATTEMPT_RETENTION - timedelta(days=1))
        attempt(now - LOGIN_ATTEMPT_RETENTION - timedelta(days=11))  # past the window too

        # when
        purged = do_purge_member_credentials(now=now)

        # then
        assert purged == PurgedCredentials(tokens=0, login_attempts=1)
        assert attempt_ids() == [inside_window]
    with schema_context(minle.schema_name):
        assert MemberLoginAttempt.objects.count() == 0


def test_a_valid_token_still_signs_in_after_the_purge_and_a_purged_one_is_refused_as_before(beizhan, minle):
    # given
    now = timezone.now()
    with schema_context(beizhan.schema_name):
        _valid_id, valid = issue()
        ended_id, ended = issue(expires_at=now - TOKEN_RETENTION - SECOND)
    refused_before = gql("beizhan.localhost", ME, token=ended)

    # when
    with schema_context(beizhan.schema_name):
        purged = do_purge_member_credentials(now=now)

    # then: the valid token works on the API and in the token check; the ended one is refused exactly
    # as it was while its row existed
    assert purged == PurgedCredentials(tokens=1, login_attempts=0)
    assert gql("beizhan.localhost", ME, token=valid).json() == {"data": {"me": {"displayName": "管理员"}}}
    with schema_context(beizhan.schema_name):
        assert member_for_token(valid)[0].user.username == "admin"
        assert not MemberToken.objects.filter(id=ended_id).exists()
    refused_after = gql("beizhan.localhost", ME, token=ended)
    assert (refused_before.status_code, refused_before.json()) == (
        refused_after.status_code,
        refused_after.json(),
    )
    assert refused_after.status_code == 401
    assert refused_after.json()["errors"][0]["extensions"]["code"] == "token_invalid"
    # and beizhan's token is no key to minle
    assert gql("minle.localhost", ME, token=valid).status_code == 401


def test_a_backlog_is_deleted_in_batches_around_the_rows_it_keeps(beizhan, minle):
    # given: seven ended tokens with valid ones between them, deleted two at a time
    now = timezone.now()
    long_ago = now - TOKEN_RETENTION - timedelta(days=100)
    with schema_context(beizhan.schema_name):
        kept = []
        for n in range(7):
            issue(expires_at=long_ago)
            if n % 3 == 0:
                kept.append(issue()[0])
    with schema_context(minle.schema_name):
        minle_ended, _text = issue(expires_at=long_ago)

    # when
    with schema_context(beizhan.schema_name):
        purged = do_purge_member_credentials(now=now, batch_size=2)

    # then
    assert purged == PurgedCredentials(tokens=7, login_attempts=0)
    with schema_context(beizhan.schema_name):
        assert token_ids() == kept
    with schema_context(minle.schema_name):
        assert token_ids() == [minle_ended]


def test_the_beat_fan_out_purges_each_community_of_its_own_rows(beizhan, minle):
    # given: a day either side of the cut-offs, as the task purges at its own now
    now = timezone.now()
    with schema_context(beizhan.schema_name):
        beizhan_seeded = seed(now, margin=timedelta(days=1))
    with schema_context(minle.schema_name):
        minle_seeded = seed(now, margin=timedelta(days=1))
    celery_app.loader.import_default_modules()  # as a worker does: every app's tasks registered
    connection.set_schema_to_public()  # beat runs in the public schema

    # when: eagerly here (no REDIS_URL), as beat's entry would
    queued = run_in_every_active_community("members.purge_credentials")

    # then
    assert queued == 2
    for schema_name, seeded in ((beizhan.schema_name, beizhan_seeded), (minle.schema_name, minle_seeded)):
        with schema_context(schema_name):
            assert (token_ids(), attempt_ids()) == kept(seeded)
