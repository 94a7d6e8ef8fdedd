import logging
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from sharepool.platform.billing.models import CommunityStatusChange, StripeEvent, Subscription
from sharepool.platform.billing.services import do_suspend_overdue_communities
from sharepool.platform.communities.models import Community
from tests.platform.billing.conftest import (
    BUNDLE_PRICE,
    WEBHOOK_SECRET,
    post_event,
    signed_body,
    signed_event,
)


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def paying_beizhan(beizhan, minle, plans):
    """Beizhan subscribed to the standard plan through Checkout; minle on the free pilot."""
    Subscription.objects.create(
        community_id=beizhan.community_id,
        street_office_id=Community.objects.get(id=beizhan.community_id).street_office_id,
        plan=plans["standard"],
        status="active",
        stripe_customer_id="cus_test1",
        stripe_subscription_id="sub_test1",
    )
    Subscription.objects.create(
        community_id=minle.community_id,
        street_office_id=Community.objects.get(id=minle.community_id).street_office_id,
        plan=plans["free_pilot"],
        status="active",
    )
    return beizhan


def statuses() -> dict[str, tuple[str, str]]:
    return {
        s.community.slug: (s.community.status, s.status)
        for s in Subscription.objects.select_related("community").order_by("id")
    }


def invoice(event_type: str, event_id: str, subscription="sub_test1"):
    # The current API version names the subscription under `parent.subscription_details`.
    data = {
        "id": f"in_{event_id}",
        "object": "invoice",
        "parent": {"subscription_details": {"subscription": subscription}},
    }
    return signed_event(event_type, data, event_id=event_id)


def test_checkout_completed_makes_the_subscription_active(client, beizhan, minle, plans):
    # given: checkout was started
    Subscription.objects.create(
        community_id=beizhan.community_id,
        street_office_id=Community.objects.get(id=beizhan.community_id).street_office_id,
        plan=plans["standard"],
        stripe_customer_id="cus_test1",
    )
    session = {
        "id": "cs_test_1",
        "object": "checkout.session",
        "client_reference_id": str(beizhan.community_id),
        "customer": "cus_test1",
        "subscription": "sub_test9",
    }

    # when
    response = post_event(client, *signed_event("checkout.session.completed", session, event_id="evt_1"))

    # then
    assert response.status_code == 200
    assert response.json() == {"event": "evt_1", "outcome": "applied", "replayed": False}
    subscription = Subscription.objects.get()
    assert (subscription.status, subscription.stripe_subscription_id) == ("active", "sub_test9")
    assert Community.objects.get(slug="beizhan").status == "active"
    assert StripeEvent.objects.get().subscription == subscription
    assert Community.objects.get(slug="minle").status == "active"


def test_a_failed_payment_keeps_the_community_active_for_the_grace_period_then_suspends_it(
    client, paying_beizhan
):
    # when: the renewal fails
    response = post_event(client, *invoice("invoice.payment_failed", "evt_failed"))

    # then: past due, still active
    assert response.status_code == 200
    assert statuses() == {"beizhan": ("active", "past_due"), "minle": ("active", "active")}
    failed_at = Subscription.objects.get(stripe_subscription_id="sub_test1").past_due_since

    # when: the daily check runs within the grace period (14 days by default), then after it
    within = do_suspend_overdue_communities(now=failed_at + timedelta(days=14) - timedelta(seconds=1))
    after = do_suspend_overdue_communities(now=failed_at + timedelta(days=14))

    # then
    assert (within, after) == (0, 1)
    assert statuses() == {"beizhan": ("suspended", "past_due"), "minle": ("active", "active")}
    change = CommunityStatusChange.objects.get()
    assert (change.community.slug, change.status_before, change.status_after, change.reason) == (
        "beizhan",
        "active",
        "suspended",
        "grace_period_over",
    )


def test_paying_again_makes_a_suspended_community_active(client, paying_beizhan):
    # given: suspended after the grace period
    post_event(client, *invoice("invoice.payment_failed", "evt_failed"))
    do_suspend_overdue_communities(now=timezone.now() + timedelta(days=15))
    assert statuses()["beizhan"] == ("suspended", "past_due")

    # when
    response = post_event(client, *invoice("invoice.paid", "evt_paid"))

    # then
    assert response.status_code == 200
    assert statuses() == {"beizhan": ("active", "active"), "minle": ("active", "active")}
    assert Subscription.objects.get(stripe_subscription_id="sub_test1").past_due_since is None
    assert list(CommunityStatusChange.objects.order_by("id").values_list("status_after", "reason")) == [
        ("suspended", "grace_period_over"),
        ("active", "paid"),
    ]


def test_the_grace_period_is_a_setting(client, paying_beizhan, settings):
    # given
    settings.BILLING_GRACE_PERIOD_DAYS = 3
    post_event(client, *invoice("invoice.payment_failed", "evt_failed"))
    failed_at = Subscription.objects.get(stripe_subscription_id="sub_test1").past_due_since

    # when
    suspended = do_suspend_overdue_communities(now=failed_at + timedelta(days=3))

    # then
    assert suspended == 1
    assert statuses()["beizhan"] == ("suspended", "past_due")


def test_a_deleted_subscription_suspends_the_community(client, paying_beizhan):
    # when
    response = post_event(
        client,
        *signed_event(
            "customer.subscription.deleted",
            {"id": "sub_test1", "object": "subscription", "status": "canceled"},
            event_id="evt_deleted",
        ),
    )

    # then
    assert response.status_code == 200
    assert statuses() == {"beizhan": ("suspended", "canceled"), "minle": ("active", "active")}
    assert CommunityStatusChange.objects.get().reason == "subscription_ended"


def test_a_subscription_updated_in_the_portal_changes_plan_and_follows_its_status(client, paying_beizhan):
    # given
    updated = {
        "id": "sub_test1",
        "object": "subscription",
        "status": "past_due",
        "items": {"object": "list", "data": [{"id": "si_1", "price": {"id": BUNDLE_PRICE}}]},
    }

    # when
    response = post_event(client, *signed_event("customer.subscription.updated", updated, event_id="evt_upd"))

    # then
    assert response.status_code == 200
    subscription = Subscription.objects.get(stripe_subscription_id="sub_test1")
    assert (subscription.plan.code, subscription.status) == ("street_office_bundle", "past_due")
    assert Community.objects.get(slug="beizhan").status == "active"  # within the grace period


def test_a_bad_signature_is_refused_and_changes_nothing(client, paying_beizhan):
    # given: signed with another secret
    payload, header = signed_event(
        "customer.subscription.deleted",
        {"id": "sub_test1", "object": "subscription"},
        event_id="evt_forged",
        secret="whsec_wrong",
    )

    # when
    forged = post_event(client, payload, header)
    unsigned = post_event(client, payload, "")

    # then
    assert (forged.status_code, unsigned.status_code) == (400, 400)
    assert forged.json()["code"] == unsigned.json()["code"] == "signature_invalid"
    assert StripeEvent.objects.count() == 0 and CommunityStatusChange.objects.count() == 0
    assert statuses() == {"beizhan": ("active", "active"), "minle": ("active", "active")}


def test_an_old_signature_is_refused_as_a_replay_attack(client, paying_beizhan):
    # given: correctly signed ten minutes ago (the SDK tolerates five)
    payload, header = signed_event(
        "customer.subscription.deleted",
        {"id": "sub_test1", "object": "subscription"},
        event_id="evt_old",
        timestamp=int(time.time()) - 600,
    )

    # when
    response = post_event(client, payload, header)

    # then
    assert response.status_code == 400 and response.json()["code"] == "signature_invalid"
    assert StripeEvent.objects.count() == 0
    assert statuses()["beizhan"] == ("active", "active")


def test_a_replayed_event_is_applied_once(client, paying_beizhan):
    # given: a payment failed (evt_failed), then was paid
    failed = invoice("invoice.payment_failed", "evt_failed")
    post_event(client, *failed)
    post_event(client, *invoice("invoice.paid", "evt_paid"))
    events_before = StripeEvent.objects.count()

    # when: Stripe delivers the old failure again
    response = post_event(client, *invoice("invoice.payment_failed", "evt_failed"))

    # then: acknowledged, and the community stays paid up
    assert response.status_code == 200
    assert response.json() == {"event": "evt_failed", "outcome": "applied", "replayed": True}
    assert StripeEvent.objects.count() == events_before == 2
    assert statuses() == {"beizhan": ("active", "active"), "minle": ("active", "active")}


def test_an_unknown_event_type_is_acknowledged_recorded_and_ignored(client, paying_beizhan):
    # when
    response = post_event(
        client,
        *signed_event("customer.created", {"id": "cus_test1", "object": "customer"}, event_id="evt_cust"),
    )

    # then
    assert response.status_code == 200
    assert response.json() == {"event": "evt_cust", "outcome": "ignored", "replayed": False}
    assert list(StripeEvent.objects.values_list("event_id", "type", "outcome")) == [
        ("evt_cust", "customer.created", "ignored")
    ]
    assert statuses() == {"beizhan": ("active", "active"), "minle": ("active", "active")}
    assert CommunityStatusChange.objects.count() == 0


def test_an_event_for_an_unknown_subscription_is_recorded_as_unmatched(client, paying_beizhan):
    # when
    response = post_event(
        client, *invoice("invoice.payment_failed", "evt_other", subscription="sub_elsewhere")
    )

    # then
    assert response.status_code == 200 and response.json()["outcome"] == "unmatched"
    assert statuses() == {"beizhan": ("active", "active"), "minle": ("active", "active")}


def test_the_webhook_lives_on_the_platform_host_only(client, paying_beizhan):
    # given
    payload, header = invoice("invoice.payment_failed", "evt_failed")

    # when
    response = client.post(
        "/billing/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_HOST=paying_beizhan.domain,
        HTTP_STRIPE_SIGNATURE=header,
    )

    # then
    assert response.status_code == 404
    assert StripeEvent.objects.count() == 0
    assert statuses()["beizhan"] == ("active", "active")


def test_a_get_on_the_webhook_is_refused(client, paying_beizhan):
    # when
    response = client.get("/billing/stripe/webhook/", HTTP_HOST="localhost")

    # then
    assert response.status_code == 405
    assert StripeEvent.objects.count() == 0


def test_without_a_webhook_secret_events_are_refused_with_503_so_stripe_retries(
    client, paying_beizhan, settings
):
    # given
    settings.STRIPE_WEBHOOK_SECRET = ""

    # when
    response = post_event(client, *invoice("invoice.payment_failed", "evt_failed"))

    # then
    assert response.status_code == 503 and response.json()["code"] == "billing_not_configured"
    assert StripeEvent.objects.count() == 0
    assert statuses()["beizhan"] == ("active", "active")


# ---------------------------------------------------------------------------------------------
# Stripe delivers events out of order and retries them for days (issue #10). Each pair is sent in both
# orders: the state must be the one the newer event says, whichever arrives last.

NOW = int(time.time())


def dated_invoice(event_type: str, event_id: str, *, created: int):
    data = {
        "id": f"in_{event_id}",
        "object": "invoice",
        "parent": {"subscription_details": {"subscription": "sub_test1"}},
    }
    return signed_event(event_type, data, event_id=event_id, created=created)


def deleted(event_id: str, *, created: int):
    data = {"id": "sub_test1", "object": "subscription", "status": "canceled"}
    return signed_event("customer.subscription.deleted", data, event_id=event_id, created=created)


def outcomes() -> dict[str, str]:
    return dict(StripeEvent.objects.values_list("event_id", "outcome"))


@pytest.mark.parametrize("deleted_arrives_first", [True, False])
def test_an_older_invoice_paid_never_revives_a_canceled_subscription(
    client, paying_beizhan, deleted_arrives_first
):
    # given: the renewal was paid at NOW-60, the subscription deleted at NOW
    paid = dated_invoice("invoice.paid", "evt_paid", created=NOW - 60)
    cancel = deleted("evt_deleted", created=NOW)

    # when: they arrive in either order
    for event in (cancel, paid) if deleted_arrives_first else (paid, cancel):
        assert post_event(client, *event).status_code == 200

    # then: canceled and suspended either way, one status change
    assert statuses() == {"beizhan": ("suspended", "canceled"), "minle": ("active", "active")}
    assert list(CommunityStatusChange.objects.values_list("status_after", "reason")) == [
        ("suspended", "subscription_ended")
    ]
    expected_paid = "stale" if deleted_arrives_first else "applied"
    assert outcomes() == {"evt_deleted": "applied", "evt_paid": expected_paid}


@pytest.mark.parametrize("failure_arrives_last", [True, False])
def test_an_older_payment_failure_does_not_start_a_grace_period_after_a_newer_payment(
    client, paying_beizhan, failure_arrives_last
):
    # given: a payment failed at NOW-3600, the retry was paid at NOW
    failed = dated_invoice("invoice.payment_failed", "evt_failed", created=NOW - 3600)
    paid = dated_invoice("invoice.paid", "evt_paid", created=NOW)

    # when
    for event in (paid, failed) if failure_arrives_last else (failed, paid):
        assert post_event(client, *event).status_code == 200

    # then: paid up, no grace period running
    assert statuses() == {"beizhan": ("active", "active"), "minle": ("active", "active")}
    assert Subscription.objects.get(stripe_subscription_id="sub_test1").past_due_since is None
    expected_failed = "stale" if failure_arrives_last else "applied"
    assert outcomes() == {"evt_failed": expected_failed, "evt_paid": "applied"}
    assert CommunityStatusChange.objects.count() == 0


def test_a_newer_failure_after_a_payment_does_start_the_grace_period(client, paying_beizhan):
    # given / when: paid, then a later renewal fails
    post_event(client, *dated_invoice("invoice.paid", "evt_paid", created=NOW - 3600))
    post_event(client, *dated_invoice("invoice.payment_failed", "evt_failed", created=NOW))

    # then
    assert statuses()["beizhan"] == ("active", "past_due")
    assert outcomes() == {"evt_failed": "applied", "evt_paid": "applied"}


def well_formed(**changes) -> dict:
    body = {
        "id": "evt_shape",
        "object": "event",
        "type": "invoice.paid",
        "created": NOW,
        "livemode": False,
        "data": {"object": {"id": "in_1", "object": "invoice", "subscription": "sub_test1"}},
    }
    return {**body, **changes}


@pytest.mark.parametrize(
    "body",
    [
        well_formed(data=[{"object": {"id": "in_1"}}]),
        well_formed(data="invoice"),
        well_formed(data={"object": ["in_1"]}),
        well_formed(id="evt_" + "x" * 97),
        well_formed(type="invoice." + "p" * 93),
        well_formed(id=42),
        well_formed(created="yesterday"),
        [well_formed()],
    ],
    ids=[
        "data-list",
        "data-string",
        "object-list",
        "id-101",
        "type-101",
        "id-number",
        "created-text",
        "list",
    ],
)
def test_a_signed_event_of_the_wrong_shape_is_refused_with_400_recorded_and_changes_nothing(
    client, paying_beizhan, body, caplog
):
    # when
    with caplog.at_level(logging.WARNING, logger="sharepool.platform.billing.views"):
        response = post_event(client, *signed_body(body))

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "payload_invalid"
    refusals = [r.getMessage() for r in caplog.records if r.name == "sharepool.platform.billing.views"]
    assert refusals == ["stripe webhook refused: payload_invalid"]
    assert StripeEvent.objects.count() == 0 and CommunityStatusChange.objects.count() == 0
    assert statuses() == {"beizhan": ("active", "active"), "minle": ("active", "active")}
