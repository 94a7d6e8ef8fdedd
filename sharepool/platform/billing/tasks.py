from celery import shared_task

from sharepool.platform.billing.services import do_suspend_overdue_communities


@shared_task(name="billing.suspend_overdue_communities")
def suspend_overdue_communities_task() -> int:
    return do_suspend_overdue_communities()
