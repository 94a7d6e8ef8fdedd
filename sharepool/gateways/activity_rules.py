"""A community's activity rules, read by the federation for the project activities it hosts (issue 10):
check-in opens as long before the start as at the community's own activities."""

from django_tenants.utils import schema_context

from sharepool.tenants.activities.services import check_in_opens_minutes


def check_in_opens_minutes_of(schema_name: str) -> int:
    with schema_context(schema_name):
        return check_in_opens_minutes()
