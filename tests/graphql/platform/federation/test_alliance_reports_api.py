"""allianceReports on the platform endpoint: newest first, and refused exactly as allianceStats is."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sharepool.platform.federation.models import Alliance, AllianceMonthlyReport
from sharepool.platform.federation.reports import do_write_alliance_monthly_reports
from tests.graphql.conftest import gql
from tests.graphql.platform.conftest import staff_token as make_staff_token
from tests.graphql.platform.federation.test_federation_api import org_token
from tests.platform.federation.conftest import publish_resource

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUERY = """query ($alliance: ID!) {
  allianceReports(allianceId: $alliance) {
    month figures { name communities { communityName organisations resources } total { resources } }
  }
  allianceStats(allianceId: $alliance) { name }
}"""


def test_staff_of_the_street_office_read_the_reports_newest_first(federation, staff_token):
    # given: October's and November's reports of the beizhan alliance
    f = federation
    publish_resource(f.police, "交通安全课程进学校", "alliance", [f.alliance])
    Alliance.objects.filter(id=f.alliance.id).update(created=datetime(2026, 9, 1, tzinfo=SHANGHAI))
    do_write_alliance_monthly_reports(now=datetime(2026, 11, 1, 1, 0, tzinfo=SHANGHAI))
    do_write_alliance_monthly_reports(now=datetime(2026, 12, 1, 1, 0, tzinfo=SHANGHAI))

    # when
    body = gql("localhost", QUERY, {"alliance": f.alliance.id}, token=staff_token).json()

    # then
    figures = {
        "name": "北站党组织联席会",
        "communities": [
            {"communityName": "北站社区", "organisations": 2, "resources": 1},
            {"communityName": "民乐社区", "organisations": 1, "resources": 0},
        ],
        "total": {"resources": 1},
    }
    assert "errors" not in body
    assert body["data"]["allianceReports"] == [
        {"month": "2026-11-01", "figures": figures},
        {"month": "2026-10-01", "figures": figures},
    ]


def test_an_outsider_and_another_street_office_get_the_answer_for_a_missing_alliance(federation):
    # given
    f = federation
    Alliance.objects.filter(id=f.alliance.id).update(created=datetime(2026, 9, 1, tzinfo=SHANGHAI))
    do_write_alliance_monthly_reports(now=datetime(2026, 11, 1, 1, 0, tzinfo=SHANGHAI))
    outsider = org_token(f, f.company)
    other_office = make_staff_token("dalang", "大浪街道")

    # when
    answers = [
        gql("localhost", QUERY, {"alliance": alliance_id}, token=token).json()
        for token, alliance_id in (
            (outsider, f.alliance.id),
            (other_office, f.alliance.id),
            (outsider, 10**9),
        )
    ]

    # then: the same null and code as for allianceStats and for an id that does not exist
    for body in answers:
        assert body["data"] == {"allianceReports": None, "allianceStats": None}
        assert sorted(error["extensions"]["code"] for error in body["errors"]) == [
            "alliance_not_found",
            "alliance_not_found",
        ]
    assert AllianceMonthlyReport.objects.count() == 1


def test_anonymous_callers_must_sign_in(federation):
    body = gql("localhost", QUERY, {"alliance": federation.alliance.id}).json()

    assert body["data"]["allianceReports"] is None
    assert body["errors"][0]["extensions"]["code"] == "authentication_required"
