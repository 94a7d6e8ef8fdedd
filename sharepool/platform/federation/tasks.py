from celery import shared_task
from django.utils import timezone

from sharepool.platform.federation.reports import do_write_alliance_monthly_reports
from sharepool.platform.federation.tokens import do_purge_organisation_tokens


@shared_task(name="federation.write_alliance_monthly_reports")
def write_alliance_monthly_reports_task() -> int:
    return do_write_alliance_monthly_reports()


@shared_task(name="federation.purge_organisation_tokens")
def purge_organisation_tokens_task() -> int:
    return do_purge_organisation_tokens(now=timezone.now())
