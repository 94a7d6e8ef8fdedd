from django.core.management import call_command

from sharepool.platform.billing.models import Plan, Subscription


def subscriptions() -> list[tuple]:
    return list(
        Subscription.objects.order_by("community__slug").values_list(
            "community__slug", "plan__code", "status"
        )
    )


def test_seed_demo_puts_the_demo_communities_on_the_free_pilot_once(db):
    # given
    call_command("seed_demo")
    first = subscriptions()

    # when
    call_command("seed_demo")

    # then
    assert (
        first == subscriptions() == [("beizhan", "free_pilot", "active"), ("minle", "free_pilot", "active")]
    )
    assert sorted(Plan.objects.values_list("code", "monthly_price_fen")) == [
        ("free_pilot", 0),
        ("standard", 80_000),
        ("street_office_bundle", 500_000),
    ]
