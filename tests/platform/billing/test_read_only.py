"""End to end: an unpaid subscription makes the community read-only through the API, paying reopens it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.platform.billing.models import Subscription
from sharepool.platform.billing.services import do_suspend_overdue_communities
from sharepool.platform.communities.models import Community
from sharepool.tenants.members.models import Member
from tests.graphql.conftest import add_member, gql, token_for
from tests.platform.billing.conftest import WEBHOOK_SECRET, post_event, signed_event

APPROVE = "mutation ($id: ID!) { approveMember(id: $id) { member { status } errors { code } } }"


def invoice(event_type: str, event_id: str):
    data = {"id": f"in_{event_id}", "object": "invoice", "subscription": "sub_test1"}
    return signed_event(event_type, data, event_id=event_id)


@pytest.fixture
def subscribed(beizhan, minle, plans, settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    for community, stripe_id in ((beizhan, "sub_test1"), (minle, "sub_test2")):
        Subscription.objects.create(
            community_id=community.community_id,
            street_office=Community.objects.get(id=community.community_id).street_office,
            plan=plans["standard"],
            status="active",
            stripe_customer_id="cus_test1",
            stripe_subscription_id=stripe_id,
        )
    return beizhan, minle


def test_an_unpaid_community_becomes_read_only_and_paying_reopens_it(client, subscribed):
    # given: a community worker and two applicants in beizhan, one applicant in minle
    beizhan, minle = subscribed
    worker = add_member(beizhan.schema_name, "worker", role=Member.Role.WORKER)
    token = token_for(beizhan.schema_name, worker)
    first = add_member(beizhan.schema_name, "li", status=Member.Status.PENDING)
    second = add_member(beizhan.schema_name, "zhao", status=Member.Status.PENDING)
    minle_worker = add_member(minle.schema_name, "worker", role=Member.Role.WORKER)
    minle_applicant = add_member(minle.schema_name, "chen", status=Member.Status.PENDING)

    # when: beizhan's renewal fails and the grace period runs out
    post_event(client, *invoice("invoice.payment_failed", "evt_failed"))
    do_suspend_overdue_communities(now=timezone.now() + timedelta(days=15))
    refused = gql(beizhan.domain, APPROVE, {"id": first.id}, token=token)
    read = gql(beizhan.domain, "{ me { displayName } }", token=token)
    elsewhere = gql(
        minle.domain, APPROVE, {"id": minle_applicant.id}, token=token_for(minle.schema_name, minle_worker)
    )

    # then: beizhan refuses the change and still answers reads; minle is unaffected
    assert refused.json()["data"]["approveMember"] == {
        "member": None,
        "errors": [{"code": "community_suspended"}],
    }
    assert read.json() == {"data": {"me": {"displayName": "worker"}}}
    assert elsewhere.json()["data"]["approveMember"] == {"member": {"status": "ACTIVE"}, "errors": []}
    with schema_context(beizhan.schema_name):
        assert Member.objects.get(id=first.id).status == "pending"

    # when: the street office pays
    post_event(client, *invoice("invoice.paid", "evt_paid"))
    approved = gql(beizhan.domain, APPROVE, {"id": second.id}, token=token)

    # then
    assert Community.objects.get(slug="beizhan").status == "active"
    assert approved.json()["data"]["approveMember"] == {"member": {"status": "ACTIVE"}, "errors": []}
