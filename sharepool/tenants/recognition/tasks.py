from celery import shared_task
from django.utils import timezone

from sharepool.tenants.recognition.services import do_grant_member_number_milestones, do_take_stats_snapshot


@shared_task(name="recognition.grant_member_number_milestones")
def grant_member_number_milestones_task() -> int:
    return len(do_grant_member_number_milestones(now=timezone.now()))


@shared_task(name="recognition.take_stats_snapshot")
def take_stats_snapshot_task() -> str:
    return do_take_stats_snapshot(now=timezone.now()).day.isoformat()
