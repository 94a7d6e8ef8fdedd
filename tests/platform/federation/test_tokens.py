"""Organisation API tokens: hashed, scoped to one organisation, expiring, revocable."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sharepool.credentials.purge import TOKEN_RETENTION
from sharepool.platform.federation.alliances import do_accept_alliance_invitation, do_invite_to_alliance
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.listings import do_publish_resource, do_withdraw_resource
from sharepool.platform.federation.models import AllianceMembership, OrganisationToken, Resource
from sharepool.platform.federation.tokens import (
    authenticate_organisation_token,
    do_issue_organisation_token,
    do_purge_organisation_tokens,
    do_revoke_organisation_token,
    hash_token,
)
from tests.platform.federation.conftest import listing, publish_resource


def test_a_token_acts_for_its_organisation_and_only_its_hash_is_stored(federation):
    # given
    f = federation

    # when
    issued = do_issue_organisation_token(actor=f.office_actor, organisation_id=f.police.id, name="值班电脑")

    # then
    actor = authenticate_organisation_token(issued.token)
    assert (actor.kind, actor.organisation_id, actor.community_id) == (
        "organisation",
        f.police.id,
        f.beizhan.id,
    )
    row = OrganisationToken.objects.get(id=issued.token_id)
    assert row.token_hash == hash_token(issued.token) and issued.token not in (row.token_hash, row.prefix)
    assert row.last_used_at is not None


def test_revoked_expired_and_unknown_tokens_are_all_refused_alike(federation):
    # given
    f = federation
    revoked = do_issue_organisation_token(actor=f.actor(f.police), name="旧电脑")
    do_revoke_organisation_token(actor=f.actor(f.police), token_id=revoked.token_id)
    expired = do_issue_organisation_token(actor=f.actor(f.police), name="过期", expires_in_days=1)
    OrganisationToken.objects.filter(id=expired.token_id).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    # then
    assert authenticate_organisation_token(revoked.token) is None
    assert authenticate_organisation_token(expired.token) is None
    assert authenticate_organisation_token("spo_" + "x" * 43) is None
    assert authenticate_organisation_token("") is None


def test_a_token_cannot_act_for_another_organisation(federation):
    # given: the police's token; the school's resource and a pending invitation for the school
    f = federation
    police = authenticate_organisation_token(
        do_issue_organisation_token(actor=f.actor(f.police), name="t").token
    )
    school_resource = publish_resource(f.school, "操场", "platform", capacity=1, category="venue")
    invitation = do_invite_to_alliance(
        actor=f.actor(f.committee), alliance_id=f.alliance.id, organisation_id=f.company.id
    )
    tokens_before, resources_before = OrganisationToken.objects.count(), Resource.objects.count()

    # when / then: each attempt looks exactly like acting on something that does not exist
    attempts = {
        "issue a token for the school": lambda: do_issue_organisation_token(
            actor=police, organisation_id=f.school.id, name="x"
        ),
        "publish as the school": lambda: do_publish_resource(
            actor=police, organisation_id=f.school.id, listing=listing("x", "platform"), capacity=1
        ),
        "accept the company's invitation": lambda: do_accept_alliance_invitation(
            actor=police, invitation_id=invitation.id
        ),
        "withdraw the school's resource": lambda: do_withdraw_resource(
            actor=police, resource_id=school_resource.id
        ),
    }
    codes = {}
    for name, attempt in attempts.items():
        with pytest.raises(FederationError) as refused:
            attempt()
        codes[name] = refused.value.code

    assert codes == {
        "issue a token for the school": FederationErrorCode.ORGANISATION_NOT_FOUND,
        "publish as the school": FederationErrorCode.ORGANISATION_NOT_FOUND,
        "accept the company's invitation": FederationErrorCode.INVITATION_NOT_FOUND,
        "withdraw the school's resource": FederationErrorCode.RESOURCE_NOT_FOUND,
    }
    assert OrganisationToken.objects.count() == tokens_before
    assert Resource.objects.count() == resources_before
    assert Resource.objects.get(id=school_resource.id).status == Resource.Status.OPEN
    assert not AllianceMembership.objects.filter(organisation=f.company).exists()


def test_a_token_cannot_revoke_another_organisations_token(federation):
    # given
    f = federation
    school_token = do_issue_organisation_token(actor=f.actor(f.school), name="t")

    # when
    with pytest.raises(FederationError) as refused:
        do_revoke_organisation_token(actor=f.actor(f.police), token_id=school_token.token_id)

    # then
    assert refused.value.code == FederationErrorCode.TOKEN_NOT_FOUND
    assert authenticate_organisation_token(school_token.token).organisation_id == f.school.id


@pytest.mark.parametrize("days", [0, -1, 367])
def test_a_token_lifetime_out_of_bounds_is_refused(federation, days):
    f = federation
    before = OrganisationToken.objects.count()

    with pytest.raises(FederationError) as refused:
        do_issue_organisation_token(actor=f.actor(f.police), name="t", expires_in_days=days)

    assert refused.value.code == FederationErrorCode.TOKEN_EXPIRY_INVALID
    assert OrganisationToken.objects.count() == before


def test_tokens_ended_past_retention_are_purged_and_a_valid_one_still_acts(federation):
    # given: a valid token of the police, and the school's tokens ended a second either side of retention
    f = federation
    now = timezone.now()
    valid = do_issue_organisation_token(actor=f.actor(f.police), name="值班电脑")
    ended = {}
    for name, field, at in (
        ("expired_inside", "expires_at", now - TOKEN_RETENTION + timedelta(seconds=1)),
        ("expired_past", "expires_at", now - TOKEN_RETENTION - timedelta(seconds=1)),
        ("revoked_inside", "revoked_at", now - TOKEN_RETENTION + timedelta(seconds=1)),
        # revoked long enough ago, though its 90 days are not yet over
        ("revoked_past", "revoked_at", now - TOKEN_RETENTION - timedelta(seconds=1)),
    ):
        ended[name] = do_issue_organisation_token(actor=f.actor(f.school), name=name).token_id
        OrganisationToken.objects.filter(id=ended[name]).update(**{field: at})

    # when
    first = do_purge_organisation_tokens(now=now)
    after_first = list(OrganisationToken.objects.order_by("id").values_list("id", "expires_at", "revoked_at"))
    second = do_purge_organisation_tokens(now=now)

    # then
    assert (first, second) == (2, 0)
    assert [row[0] for row in after_first] == [
        valid.token_id,
        ended["expired_inside"],
        ended["revoked_inside"],
    ]
    assert list(OrganisationToken.objects.order_by("id").values_list("id", "expires_at", "revoked_at")) == (
        after_first
    )
    assert authenticate_organisation_token(valid.token).organisation_id == f.police.id
