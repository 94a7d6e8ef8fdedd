"""The demo time bank of Beizhan: alive, sound by every invariant, and seeded once."""

from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.models import Activity, ActivityAward
from sharepool.tenants.ledger.verify import verify_ledgers
from sharepool.tenants.members.models import Member
from sharepool.tenants.stats.services import community_stats
from sharepool.tenants.timebank.models import Exchange, Offer, ServiceRequest
from tests.tenants.cast import tenant_state

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_seed_demo_fills_beizhan_with_a_living_time_bank_once(db, settings):
    # given
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    # when
    call_command("seed_demo")
    with schema_context("c_beizhan"):
        first = tenant_state()
    call_command("seed_demo")

    # then
    with schema_context("c_beizhan"):
        assert tenant_state() == first
        assert Member.objects.filter(status="active").count() >= 300
        assert Offer.objects.count() == 81 and ServiceRequest.objects.count() == 27
        assert Exchange.objects.filter(state="confirmed").count() == 60
        assert set(Activity.objects.values_list("title", flat=True)) == {"四点半课堂", "小小文明劝导员"}
        stats = community_stats(now=timezone.now())
        awarded = ActivityAward.objects.aggregate(m=Sum("minutes"))["m"]
        assert stats.minutes_served_activities == awarded == 4 * 10 * 120 + 2 * 12 * 180
        # The classroom is at half past four in Beizhan (Asia/Shanghai), not at 16:30 UTC (issue 10)
        starts = [
            timezone.localtime(t, SHANGHAI) for t in Activity.objects.values_list("starts_at", flat=True)
        ]
        assert {(t.hour, t.minute) for t in starts} == {(16, 30)}
        # and the next session is open for sign-up: nothing awarded before it starts
        upcoming = Activity.objects.filter(starts_at__gt=timezone.now())
        assert [a.title for a in upcoming] == ["四点半课堂"]
        assert not ActivityAward.objects.filter(activity__in=upcoming).exists()
        assert stats.minutes_served == stats.minutes_served_exchanges + awarded
        assert len(stats.members_by_month_joined) >= 20  # joined over 2 years 3 months
    with schema_context("c_minle"):
        assert Exchange.objects.count() == 0
    assert verify_ledgers()[1] == []
