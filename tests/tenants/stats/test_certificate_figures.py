"""A certificate's hours come from the ledger (issue 14): activity awards in the period, a reversed award
not counted, exchanges not counted (they are not volunteering), the same minutes /me/ counts for awards."""

from datetime import timedelta

from django.utils import timezone

from sharepool.tenants.activities.models import ActivityAward
from sharepool.tenants.ledger.services import do_reverse_transfer
from sharepool.tenants.stats.certificates import do_issue_certificate
from sharepool.tenants.stats.models import Certificate
from sharepool.tenants.stats.services import member_hours
from tests.web.staff.test_certificates import held_classroom


def test_the_certificate_counts_the_awards_of_the_period_not_a_reversed_one(world):
    carol = world.cast.carol
    held_classroom(world, carol, minutes=90, title="四点半课堂")
    mistaken = held_classroom(world, carol, minutes=45, title="重复登记")
    award = ActivityAward.objects.get(activity=mistaken, member=carol)
    do_reverse_transfer(
        actor_id=world.cast.worker.id,
        transfer_id=award.transfer_id,
        reason="重复登记",
        idempotency_key="undo",
    )
    today = timezone.localdate()

    certificate = do_issue_certificate(actor_id=carol.id, member_id=carol.id, since=today, until=today)
    before_it = do_issue_certificate(
        actor_id=carol.id,
        member_id=carol.id,
        since=today - timedelta(days=9),
        until=today - timedelta(days=1),
    )

    assert certificate.minutes == 90 == member_hours(carol.id).served_minutes
    assert [a["title"] for a in certificate.activities] == ["四点半课堂"]
    assert before_it.minutes == 0 and before_it.activities == []
    assert Certificate.objects.filter(code=certificate.code).exists() and certificate.code != before_it.code
    assert world.minle_untouched()
