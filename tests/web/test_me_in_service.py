"""/me/ of an in-service party member (在职党员报到, issue 13): their own tally of the hours served in the
community, this year and since they reported in; nobody else sees the section, and it costs one query
for them and none for anyone else."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.neighbourhood.services import do_set_member_standing
from sharepool.tenants.timebank.models import Exchange
from sharepool.tenants.timebank.services import do_confirm_exchange
from tests.tenants.cast import give
from tests.tenants.timebank.test_exchanges import completed_exchange
from tests.web.pages import back_to, client_of

REPORTED_IN = date(2024, 3, 1)


def served(provider, recipient, minutes: int, *, on: date | None = None) -> None:
    """A confirmed exchange the provider served, dated `on` (today when not given)."""
    give(recipient, minutes)
    exchange = completed_exchange(provider, recipient, minutes=minutes)
    do_confirm_exchange(actor_id=recipient.id, exchange_id=exchange.id, idempotency_key=f"c-{exchange.id}")
    if on is not None:
        moment = timezone.make_aware(timezone.datetime(on.year, on.month, on.day, 10))
        Exchange.objects.filter(id=exchange.id).update(confirmed_at=moment)


def queries_of(client, path: str = "/me/") -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_an_in_service_party_member_reads_their_own_tally_in_chinese(world, beizhan):
    # given: 刘师傅 reported in on 2024-03-01; 90 minutes before it, 120 last year, 60 + 30 this year
    cast = world.cast
    do_set_member_standing(
        actor=cast.worker, member_id=cast.bob.id, party="in_service", reported_in_on=REPORTED_IN
    )
    this_year = timezone.localdate().year
    served(cast.bob, cast.alice, 90, on=date(2024, 1, 15))
    served(cast.bob, cast.alice, 120, on=date(this_year - 1, 6, 1))
    served(cast.bob, cast.carol, 60)
    served(cast.bob, cast.alice, 30)
    client = client_of(beizhan, cast.bob)

    # when
    html = client.get("/me/").content.decode()

    # then
    assert "在职党员报到" in html
    assert 'data-figure="in-service-this-year">1.5 小时<' in html
    assert 'data-figure="in-service-in-all">3.5 小时<' in html
    assert 'data-reported-in="2024-03-01"' in html and "2024-03-01 到社区报到" in html
    assert world.minle_untouched()


def test_nobody_else_sees_the_section(world, beizhan, minle):
    cast = world.cast
    do_set_member_standing(actor=cast.worker, member_id=cast.alice.id, party="member")
    do_set_member_standing(
        actor=cast.worker, member_id=cast.bob.id, party="in_service", reported_in_on=REPORTED_IN
    )

    party_member = client_of(beizhan, cast.alice).get("/me/").content.decode()
    resident = client_of(beizhan, cast.carol).get("/me/").content.decode()
    back_to(minle)
    with schema_context(minle.schema_name):
        elsewhere = client_of(minle, world.minle.bob).get("/me/").content.decode()

    for html in (party_member, resident, elsewhere):
        assert "data-in-service" not in html and "在职党员报到" not in html


def test_the_tally_costs_one_query_for_an_in_service_member_and_none_for_anyone_else(world, beizhan):
    cast = world.cast
    do_set_member_standing(
        actor=cast.worker, member_id=cast.bob.id, party="in_service", reported_in_on=REPORTED_IN
    )
    do_set_member_standing(actor=cast.worker, member_id=cast.carol.id, party="member")
    for provider in (cast.bob, cast.carol, cast.coordinator):
        served(provider, cast.alice, 30, on=timezone.localdate() - timedelta(days=1))
    clients = [client_of(beizhan, member) for member in (cast.bob, cast.carol, cast.coordinator)]

    in_service, party_member, no_standing = (queries_of(client) for client in clients)

    assert party_member == no_standing
    assert in_service == no_standing + 1


def test_the_year_and_the_report_in_day_begin_at_midnight_in_china(world, beizhan):
    # given: 刘师傅 reported in on a 1 January; he served 90 minutes at 01:30 that morning, Beijing time,
    # which is still 31 December in UTC, and 30 minutes at 23:30 the evening before
    cast = world.cast
    this_year = timezone.localdate().year
    new_year = date(this_year, 1, 1)
    do_set_member_standing(
        actor=cast.worker, member_id=cast.bob.id, party="in_service", reported_in_on=new_year
    )
    for minutes, moment in ((90, (this_year, 1, 1, 1, 30)), (30, (this_year - 1, 12, 31, 23, 30))):
        served(cast.bob, cast.alice, minutes)
        latest = Exchange.objects.filter(provider=cast.bob).latest("id")
        Exchange.objects.filter(id=latest.id).update(
            confirmed_at=timezone.make_aware(timezone.datetime(*moment))  # in Asia/Shanghai
        )
    client = client_of(beizhan, cast.bob)

    # when
    html = client.get("/me/").content.decode()

    # then: the 90 minutes are this year's and after reporting in; the 30 are neither
    assert 'data-figure="in-service-this-year">1.5 小时<' in html
    assert 'data-figure="in-service-in-all">1.5 小时<' in html
    assert world.minle_untouched()
