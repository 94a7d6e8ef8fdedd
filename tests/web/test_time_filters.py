"""The time filters of the pages (web/templatetags/sharepool.py) write what Django's date filter writes."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

MOMENTS = [
    datetime(2026, 1, 1, 1, 30, tzinfo=UTC),  # 09:30 in Beijing
    datetime(2026, 12, 31, 16, 5, 7, 123456, tzinfo=UTC),  # already 1 January in Beijing
    datetime(2026, 3, 5, 8, 30, tzinfo=UTC),
]


def rendered(source: str, when) -> str:
    return Template("{% load sharepool %}" + source).render(Context({"when": when}))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("when", MOMENTS)
def test_iso_is_the_date_filter_s_c_in_the_community_s_time_zone(when, language):
    with translation.override(language):
        assert rendered("{{ when|iso }}", when) == rendered("{{ when|date:'c' }}", when)
    assert rendered("{{ when|iso }}", when).endswith("+08:00")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("when", MOMENTS)
def test_day_and_time_is_the_month_day_format_and_h_i(when, language):
    with translation.override(language):
        assert rendered("{{ when|day_and_time }}", when) == rendered(
            "{{ when|date:'MONTH_DAY_FORMAT' }} {{ when|time:'H:i' }}", when
        )


def test_nothing_shows_as_nothing():
    assert rendered("{{ when|iso }}|{{ when|day_and_time }}", None) == "|"


def test_day_and_time_reads_as_a_resident_reads_it():
    with translation.override("zh-hans"):
        assert rendered("{{ when|day_and_time }}", MOMENTS[2]) == "3月5日 16:30"
