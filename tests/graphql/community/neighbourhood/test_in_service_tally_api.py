"""An in-service party member reads their own tally through the API (在职党员报到, issue 13): the
minutes since they reported in and, of those, this year's, as /me/ shows them; another resident reads
neither."""

from datetime import date

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.services import do_set_member_standing
from sharepool.tenants.timebank.models import Exchange
from sharepool.tenants.timebank.services import do_confirm_exchange
from tests.graphql.conftest import add_member, gql, token_for
from tests.tenants.cast import give
from tests.tenants.timebank.test_exchanges import completed_exchange

ME = "{ me { standing { party inServiceMinutes inServiceMinutesThisYear } } }"


def test_an_in_service_member_reads_the_minutes_in_all_and_this_year(beizhan, minle):
    # given: 90 minutes served last year and 30 today, after reporting in on 2024-03-01
    member = add_member(beizhan.schema_name, "dangyuan", display_name="党员")
    neighbour = add_member(beizhan.schema_name, "linju", display_name="邻居")
    with schema_context(beizhan.schema_name):
        worker = Member.objects.get(role="admin")
        do_set_member_standing(
            actor=worker, member_id=member.id, party="in_service", reported_in_on=date(2024, 3, 1)
        )
        for minutes, on in ((90, date(timezone.localdate().year - 1, 5, 4)), (30, None)):
            give(neighbour, minutes)
            exchange = completed_exchange(member, neighbour, minutes=minutes)
            do_confirm_exchange(actor_id=neighbour.id, exchange_id=exchange.id, idempotency_key=f"k{minutes}")
            if on is not None:
                moment = timezone.make_aware(timezone.datetime(on.year, on.month, on.day, 10))
                Exchange.objects.filter(id=exchange.id).update(confirmed_at=moment)

    # when
    own = gql(beizhan.domain, ME, token=token_for(beizhan.schema_name, member)).json()
    theirs = gql(beizhan.domain, ME, token=token_for(beizhan.schema_name, neighbour)).json()

    # then
    assert own["data"]["me"]["standing"] == {
        "party": "IN_SERVICE",
        "inServiceMinutes": 120,
        "inServiceMinutesThisYear": 30,
    }
    assert theirs["data"]["me"]["standing"] is None
