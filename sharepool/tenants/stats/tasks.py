from celery import shared_task
from django.utils import timezone

from sharepool.tenants.stats.services import do_take_stats_snapshot


# The name predates the stats app (issue 11): beat and queued messages use it.
@shared_task(name="recognition.take_stats_snapshot")
def take_stats_snapshot_task() -> str:
    return do_take_stats_snapshot(now=timezone.now()).day.isoformat()


@shared_task(name="stats.write_export", acks_late=True)
def write_export_task(job_id: str) -> None:
    from sharepool.tenants.stats.exports import write_export

    write_export(job_id)
