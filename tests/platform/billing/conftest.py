import json
import time

import pytest
import stripe

from sharepool.platform.billing import stripe_api
from sharepool.platform.billing.models import Plan
from tests.conftest import make_community
from tests.graphql.platform.conftest import staff_token
from tests.platform.billing.fake_stripe import FakeStripe, serve_fake_stripe

WEBHOOK_SECRET = "whsec_test_sharepool_0123456789"
SECRET_KEY = "sk_test_sharepool_0123456789"
STANDARD_PRICE = "price_standard_test"
BUNDLE_PRICE = "price_bundle_test"


@pytest.fixture
def fake_stripe(settings) -> FakeStripe:
    fake, server = serve_fake_stripe()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake.base_url
    yield fake
    server.shutdown()
    server.server_close()
    stripe_api._client.cache_clear()


@pytest.fixture
def plans(db) -> dict[str, Plan]:
    # The data migration makes these; a transactional test's flush may have removed them since.
    rows = [
        ("free_pilot", "免费试点", 0, ""),
        ("standard", "标准版", 80_000, STANDARD_PRICE),
        ("street_office_bundle", "街道套餐", 500_000, BUNDLE_PRICE),
    ]
    made = {}
    for code, name, price, price_id in rows:
        made[code], _ = Plan.objects.update_or_create(
            code=code, defaults={"name": name, "monthly_price_fen": price, "stripe_price_id": price_id}
        )
    return made


def signed_event(
    event_type: str,
    data_object: dict,
    *,
    event_id: str,
    secret: str = WEBHOOK_SECRET,
    timestamp=None,
    created: int | None = None,
):
    """A webhook body and its Stripe-Signature header, signed by the SDK's own helper."""
    return signed_body(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": int(time.time()) if created is None else created,
            "livemode": False,
            "data": {"object": data_object},
        },
        secret=secret,
        timestamp=timestamp,
    )


def signed_body(body, *, secret: str = WEBHOOK_SECRET, timestamp=None):
    """Any JSON body, correctly signed: Stripe's signature says who sent it, not that it is well formed."""
    payload = json.dumps(body)
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
    return payload, header


def post_event(client, payload: str, header: str):
    return client.post(
        "/billing/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_HOST="localhost",
        HTTP_STRIPE_SIGNATURE=header,
    )


@pytest.fixture
def billing_tokens(beizhan, minle):
    """Platform tokens: staff of 民治街道 (beizhan, minle), staff of 龙华街道 (qinghu), an operator."""
    make_community("qinghu", "清湖社区", street_office="龙华街道")
    return {
        "minzhi": staff_token("minzhi", "民治街道"),
        "longhua": staff_token("longhua", "龙华街道"),
        "operator": staff_token("operator", None),
    }
