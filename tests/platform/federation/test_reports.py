"""Alliance monthly reports: last month's allianceStats figures, written once per alliance by beat."""

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from sharepool.platform.communities.models import StreetOffice
from sharepool.platform.federation.actors import operator_actor, street_office_actor
from sharepool.platform.federation.alliances import do_create_alliance
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import Alliance, AllianceMonthlyReport
from sharepool.platform.federation.reports import (
    alliance_reports,
    do_write_alliance_monthly_reports,
    first_day_of_last_month,
)
from sharepool.platform.federation.stats import alliance_stats
from tests.conftest import make_community
from tests.platform.federation.conftest import publish_demand, publish_resource

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Early on 1 December (local time): the report is November's.
NOW = datetime(2026, 12, 1, 1, 0, tzinfo=SHANGHAI)
NOVEMBER = date(2026, 11, 1)


def created_on(alliance: Alliance, when: datetime) -> None:
    Alliance.objects.filter(id=alliance.id).update(created=when)


@pytest.fixture
def two_alliances(federation):
    """The beizhan alliance (with listings) and one convened in minle by its company, both from October."""
    f = federation
    publish_resource(f.police, "交通安全课程进学校", "alliance", [f.alliance], capacity=12)
    publish_demand(f.school, "学生交通安全培训", "alliance", [f.alliance], quantity=6)
    minle_alliance = do_create_alliance(actor=f.actor(f.company), name="民乐共建会")
    for alliance in (f.alliance, minle_alliance):
        created_on(alliance, datetime(2026, 10, 15, 9, 0, tzinfo=SHANGHAI))
    return f.alliance, minle_alliance


def test_last_month_is_the_local_calendar_month_before_now():
    # 17:00 UTC on 31 December is already 1 January in Shanghai
    assert first_day_of_last_month(datetime(2026, 12, 31, 17, 0, tzinfo=ZoneInfo("UTC"))) == date(2026, 12, 1)
    assert first_day_of_last_month(NOW) == NOVEMBER


def test_each_alliance_gets_last_months_figures_as_alliance_stats_show_them(two_alliances):
    # given
    beizhan_alliance, minle_alliance = two_alliances

    # when
    written = do_write_alliance_monthly_reports(now=NOW)

    # then
    assert written == 2
    report = AllianceMonthlyReport.objects.get(alliance=beizhan_alliance)
    stats = alliance_stats(actor=operator_actor(), alliance_id=beizhan_alliance.id)
    assert report.month == NOVEMBER
    assert report.figures == {
        "name": "北站党组织联席会",
        "communities": [dataclasses.asdict(row) for row in stats.communities],
    }
    assert [(row["community_name"], row["organisations"], row["resources"], row["demands"])
            for row in report.figures["communities"]] == [("北站社区", 2, 1, 0), ("民乐社区", 1, 0, 1)]  # fmt: skip
    # the minle alliance's report holds only its own community: nothing of beizhan's leaks into it
    other = AllianceMonthlyReport.objects.get(alliance=minle_alliance)
    assert [row["community_name"] for row in other.figures["communities"]] == ["民乐社区"]
    assert (other.figures["communities"][0]["resources"], other.figures["communities"][0]["demands"]) == (
        0,
        0,
    )


def test_a_second_run_changes_nothing(two_alliances, federation):
    # given
    do_write_alliance_monthly_reports(now=NOW)
    before = list(AllianceMonthlyReport.objects.order_by("id").values())
    # a later listing does not rewrite a report already written
    publish_resource(federation.police, "新的资源", "alliance", [two_alliances[0]])

    # when
    written = do_write_alliance_monthly_reports(now=NOW.replace(hour=13))

    # then
    assert written == 0
    assert list(AllianceMonthlyReport.objects.order_by("id").values()) == before


def test_an_alliance_created_this_month_gets_no_report_for_last_month(two_alliances, federation):
    # given: convened in the first hour of December, local time
    new = do_create_alliance(actor=federation.office_actor, name="民治街道新联盟")
    created_on(new, datetime(2026, 12, 1, 0, 10, tzinfo=SHANGHAI))

    # when
    written = do_write_alliance_monthly_reports(now=NOW)

    # then
    assert written == 2
    assert not AllianceMonthlyReport.objects.filter(alliance=new).exists()
    assert alliance_reports(actor=federation.office_actor, alliance_id=new.id) == []


def test_reports_read_newest_first_by_those_who_see_alliance_stats(two_alliances, federation):
    # given: October's and November's reports
    beizhan_alliance, _minle_alliance = two_alliances
    do_write_alliance_monthly_reports(now=datetime(2026, 11, 1, 1, 0, tzinfo=SHANGHAI))
    do_write_alliance_monthly_reports(now=NOW)

    # when
    by_member = alliance_reports(actor=federation.actor(federation.school), alliance_id=beizhan_alliance.id)
    by_office = alliance_reports(actor=federation.office_actor, alliance_id=str(beizhan_alliance.id))

    # then
    assert [report.month for report in by_member] == [NOVEMBER, date(2026, 10, 1)]
    assert [report.id for report in by_office] == [report.id for report in by_member]


def test_an_outsider_gets_the_same_answer_as_for_a_missing_alliance(two_alliances, federation):
    # given: an organisation outside the alliance, and staff of another street office
    f = federation
    beizhan_alliance, _minle_alliance = two_alliances
    do_write_alliance_monthly_reports(now=NOW)
    make_community("xinniu", "新牛社区", street_office="大浪街道")
    other_office = street_office_actor(StreetOffice.objects.get(name="大浪街道").id)
    count_before = AllianceMonthlyReport.objects.count()

    # when / then
    for actor, alliance_id in (
        (f.actor(f.company), beizhan_alliance.id),
        (other_office, beizhan_alliance.id),
        (f.actor(f.school), 10**9),
        (f.actor(f.school), "not-an-id"),
    ):
        with pytest.raises(FederationError) as refused:
            alliance_reports(actor=actor, alliance_id=alliance_id)
        assert refused.value.code == FederationErrorCode.ALLIANCE_NOT_FOUND
        assert refused.value.field == "allianceId"
    assert AllianceMonthlyReport.objects.count() == count_before
