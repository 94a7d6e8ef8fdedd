from celery import shared_task
from django.utils import timezone

from sharepool.tenants.council.services import do_lapse_unseconded_motions, do_remind_follow_ups


@shared_task(name="council.lapse_unseconded_motions")
def lapse_unseconded_motions_task() -> int:
    return do_lapse_unseconded_motions(now=timezone.now())


@shared_task(name="council.remind_follow_ups")
def remind_follow_ups_task() -> int:
    # Safe to run twice: each reminder has its notification key.
    return do_remind_follow_ups(today=timezone.localdate())
