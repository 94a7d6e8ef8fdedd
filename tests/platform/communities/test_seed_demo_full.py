"""`seed_demo --full`: Beizhan at its real size through the register importer (issue 14)."""

from django.core.management import call_command
from django.db.models import Sum
from django_tenants.utils import schema_context

from sharepool.demo.register import generated_register, seed_full_register
from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.members.models import Member
from sharepool.tenants.recognition.models import Recognition
from tests.faults.checks import assert_ledger_clean


def test_the_generated_register_has_the_seeds_figures():
    text = generated_register()
    rows = text.strip().splitlines()[1:]
    assert len(rows) == 9000
    assert sum(float(row.rsplit(",", 1)[1]) for row in rows) == 62_000


def test_the_full_demo_imports_its_register_honours_the_1000th_member_and_does_it_once(db):
    # given the demo
    call_command("seed_demo")

    # when: a register of 1,200 members, twice
    first = seed_full_register(members=1200)
    again = seed_full_register(members=1200)

    # then
    assert (first.created, again.created, again.unchanged) == (1200, 0, 1200)
    with schema_context("c_beizhan"):
        assert Member.objects.filter(member_number__gte=401).count() == 1200
        opening = Transfer.objects.filter(idempotency_key__startswith="register-opening-")
        assert opening.aggregate(total=Sum("amount"))["total"] == 62_000 * 60
        thousandth = Member.objects.get(member_number=1000)
        assert Recognition.objects.filter(member=thousandth, kind="member_number", threshold=1000).exists()
        assert_ledger_clean()
    with schema_context("c_minle"):
        assert not Member.objects.filter(member_number__gte=401).exists()
