import pytest

from sharepool.platform.billing.errors import BillingError, BillingErrorCode
from sharepool.platform.billing.models import StripeCustomer, Subscription
from sharepool.platform.billing.services import do_open_billing_portal, do_start_checkout
from sharepool.platform.communities.models import StreetOffice
from tests.graphql.conftest import gql
from tests.platform.billing.conftest import SECRET_KEY, STANDARD_PRICE


def start(community, plan="standard"):
    return do_start_checkout(community_id=community.community_id, plan_code=plan)


def test_checkout_makes_the_street_office_a_customer_and_opens_a_session(beizhan, minle, plans, fake_stripe):
    # when
    session = start(beizhan)

    # then: the real SDK spoke to the fake, with our key and an idempotency key on each call
    assert fake_stripe.paths() == ["/v1/customers", "/v1/checkout/sessions"]
    customer_call, checkout_call = fake_stripe.requests
    street_office = StreetOffice.objects.get(name="民治街道")
    assert customer_call.authorization == f"Bearer {SECRET_KEY}"
    assert customer_call.idempotency_key == f"customer-street-office-{street_office.id}"
    assert customer_call.params["name"] == "民治街道"
    assert checkout_call.idempotency_key.startswith(f"checkout-{beizhan.community_id}-standard-")
    assert checkout_call.params["mode"] == "subscription"
    assert checkout_call.params["line_items[0][price]"] == STANDARD_PRICE
    assert checkout_call.params["client_reference_id"] == str(beizhan.community_id)
    assert checkout_call.params["customer"] == "cus_test1"
    assert checkout_call.params["success_url"] == "http://localhost:8000/?billing=paid&community=beizhan"
    assert checkout_call.params["cancel_url"] == "http://localhost:8000/?billing=canceled&community=beizhan"
    assert session.url == "https://checkout.stripe.test/c/pay/cs_test_2"
    subscription = Subscription.objects.get()
    assert (subscription.community_id, subscription.plan.code, subscription.status) == (
        beizhan.community_id,
        "standard",
        "incomplete",
    )
    assert subscription.stripe_customer_id == "cus_test1"
    assert StripeCustomer.objects.get().street_office == street_office
    # and the second community has nothing
    assert not Subscription.objects.filter(community_id=minle.community_id).exists()


def test_a_second_community_of_the_same_street_office_reuses_its_customer(beizhan, minle, plans, fake_stripe):
    # given
    start(beizhan)

    # when
    start(minle, plan="street_office_bundle")

    # then
    assert fake_stripe.paths() == ["/v1/customers", "/v1/checkout/sessions", "/v1/checkout/sessions"]
    assert StripeCustomer.objects.count() == 1
    assert set(Subscription.objects.values_list("stripe_customer_id", flat=True)) == {"cus_test1"}


def test_a_lost_response_is_retried_with_the_same_key_and_makes_one_customer(
    beizhan, minle, plans, fake_stripe
):
    # given: Stripe makes the customer but its answer is lost on the way back
    fake_stripe.lose_next_responses = 1

    # when
    start(beizhan)

    # then: the SDK retried with the same idempotency key; Stripe holds one customer
    customer_calls = [r for r in fake_stripe.requests if r.path == "/v1/customers"]
    assert len(customer_calls) == 2
    assert customer_calls[0].idempotency_key == customer_calls[1].idempotency_key
    assert list(fake_stripe.customers) == ["cus_test1"]
    assert StripeCustomer.objects.get().stripe_customer_id == "cus_test1"


@pytest.mark.parametrize(
    ("plan", "code"),
    [
        ("free_pilot", BillingErrorCode.PLAN_IS_FREE),
        ("gold", BillingErrorCode.PLAN_UNKNOWN),
    ],
)
def test_checkout_refuses_a_free_or_unknown_plan_and_changes_nothing(
    beizhan, minle, plans, fake_stripe, plan, code
):
    # when
    with pytest.raises(BillingError) as refused:
        start(beizhan, plan=plan)

    # then
    assert refused.value.code == code
    assert fake_stripe.requests == []
    assert Subscription.objects.count() == 0 and StripeCustomer.objects.count() == 0


def test_checkout_refuses_a_plan_without_a_stripe_price(beizhan, minle, plans, fake_stripe):
    # given
    plans["standard"].stripe_price_id = ""
    plans["standard"].save()

    # when
    with pytest.raises(BillingError) as refused:
        start(beizhan)

    # then
    assert refused.value.code == BillingErrorCode.PLAN_NOT_PRICED
    assert fake_stripe.requests == [] and Subscription.objects.count() == 0


def test_checkout_refuses_a_community_already_paying(beizhan, minle, plans, fake_stripe):
    # given
    start(beizhan)
    Subscription.objects.filter(community_id=beizhan.community_id).update(status="active")
    calls_before = len(fake_stripe.requests)

    # when
    with pytest.raises(BillingError) as refused:
        start(beizhan, plan="street_office_bundle")

    # then
    assert refused.value.code == BillingErrorCode.ALREADY_SUBSCRIBED
    assert len(fake_stripe.requests) == calls_before
    assert Subscription.objects.get().plan.code == "standard"


def test_without_a_stripe_key_billing_says_it_is_not_configured(beizhan, minle, plans, settings):
    # given
    settings.STRIPE_SECRET_KEY = ""

    # when
    with pytest.raises(BillingError) as refused:
        start(beizhan)

    # then
    assert refused.value.code == BillingErrorCode.NOT_CONFIGURED
    assert Subscription.objects.count() == 0


def test_the_portal_opens_for_the_paying_customer(beizhan, minle, plans, fake_stripe):
    # given
    start(beizhan)

    # when
    url = do_open_billing_portal(community_id=beizhan.community_id)

    # then
    portal_call = fake_stripe.requests[-1]
    assert portal_call.path == "/v1/billing_portal/sessions"
    assert portal_call.params == {
        "customer": "cus_test1",
        "return_url": "http://localhost:8000/?billing=portal&community=beizhan",
    }
    assert portal_call.idempotency_key.startswith("portal-")
    assert url == "https://billing.stripe.test/p/session/bps_test_3"


def test_the_portal_refuses_a_community_without_a_subscription(beizhan, minle, plans, fake_stripe):
    # when
    with pytest.raises(BillingError) as refused:
        do_open_billing_portal(community_id=minle.community_id)

    # then
    assert refused.value.code == BillingErrorCode.NO_SUBSCRIPTION
    assert fake_stripe.requests == []


CHECKOUT = "mutation ($c: String!, $p: String!) { startCheckout(community: $c, plan: $p) { url errors { field code } } }"
PORTAL = "mutation ($c: String!) { openBillingPortal(community: $c) { url errors { field code } } }"


def test_street_office_staff_start_checkout_through_the_api(billing_tokens, plans, fake_stripe):
    # when
    response = gql("localhost", CHECKOUT, {"c": "beizhan", "p": "standard"}, token=billing_tokens["minzhi"])

    # then
    assert response.json()["data"]["startCheckout"] == {
        "url": "https://checkout.stripe.test/c/pay/cs_test_2",
        "errors": [],
    }
    assert Subscription.objects.get().community.slug == "beizhan"


def test_staff_of_another_street_office_cannot_pay_for_a_community_and_nothing_happens(
    billing_tokens, plans, fake_stripe
):
    # when
    checkout = gql("localhost", CHECKOUT, {"c": "beizhan", "p": "standard"}, token=billing_tokens["longhua"])
    portal = gql("localhost", PORTAL, {"c": "beizhan"}, token=billing_tokens["longhua"])
    missing = gql("localhost", CHECKOUT, {"c": "nowhere", "p": "standard"}, token=billing_tokens["minzhi"])

    # then: "not yours" and "missing" look the same
    not_found = [{"field": "community", "code": "community_not_found"}]
    assert checkout.json()["data"]["startCheckout"] == {"url": None, "errors": not_found}
    assert portal.json()["data"]["openBillingPortal"] == {"url": None, "errors": not_found}
    assert missing.json()["data"]["startCheckout"] == {"url": None, "errors": not_found}
    assert fake_stripe.requests == [] and Subscription.objects.count() == 0


def test_a_slug_no_community_can_have_is_refused_and_nothing_happens(billing_tokens, plans, fake_stripe):
    # when: a NUL, which PostgreSQL refuses in text (found by test_bad_input_never_500.py); every string
    # argument goes through the shared text check first (sharepool/graphql/core/arguments.py, issue 10)
    checkout = gql(
        "localhost", CHECKOUT, {"c": "bei\x00zhan", "p": "standard"}, token=billing_tokens["minzhi"]
    )
    portal = gql("localhost", PORTAL, {"c": "bei\x00zhan"}, token=billing_tokens["minzhi"])

    # then: refused as text no community name can hold (nothing to learn about which communities exist)
    refused = [{"field": "community", "code": "text_invalid"}]
    assert checkout.status_code == 200 and portal.status_code == 200
    assert checkout.json()["data"]["startCheckout"] == {"url": None, "errors": refused}
    assert portal.json()["data"]["openBillingPortal"] == {"url": None, "errors": refused}
    assert fake_stripe.requests == [] and Subscription.objects.count() == 0


def test_a_refused_checkout_answers_with_its_code(billing_tokens, plans, fake_stripe):
    # when
    response = gql("localhost", CHECKOUT, {"c": "beizhan", "p": "free_pilot"}, token=billing_tokens["minzhi"])

    # then
    assert response.json()["data"]["startCheckout"] == {
        "url": None,
        "errors": [{"field": "plan", "code": "plan_is_free"}],
    }
    assert fake_stripe.requests == [] and Subscription.objects.count() == 0


def test_the_portal_opens_through_the_api_for_an_operator(billing_tokens, plans, fake_stripe):
    # given
    start_for = gql("localhost", CHECKOUT, {"c": "minle", "p": "standard"}, token=billing_tokens["operator"])
    assert start_for.json()["data"]["startCheckout"]["errors"] == []

    # when
    response = gql("localhost", PORTAL, {"c": "minle"}, token=billing_tokens["operator"])

    # then
    assert response.json()["data"]["openBillingPortal"] == {
        "url": "https://billing.stripe.test/p/session/bps_test_3",
        "errors": [],
    }
