from celery import shared_task
from django.utils import timezone

from sharepool.tenants.recognition.services import do_grant_member_number_milestones


@shared_task(name="recognition.grant_member_number_milestones")
def grant_member_number_milestones_task() -> int:
    return len(do_grant_member_number_milestones(now=timezone.now()))
