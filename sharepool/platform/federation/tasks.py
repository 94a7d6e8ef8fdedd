from celery import shared_task

from sharepool.platform.federation.reports import do_write_alliance_monthly_reports


@shared_task(name="federation.write_alliance_monthly_reports")
def write_alliance_monthly_reports_task() -> int:
    return do_write_alliance_monthly_reports()
