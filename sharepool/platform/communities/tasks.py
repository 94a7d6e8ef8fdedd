from celery import current_app, shared_task
from django.utils import timezone

from sharepool.core.background import queue_in_schema
from sharepool.platform.communities.models import Community
from sharepool.platform.communities.provisioning import (
    do_finish_onboarding,
    do_sweep_provisioning_communities,
)

# `communities.refill_schema_pool` is the pool's own task, in schema_pool.py (imported through provisioning).


@shared_task(name="communities.run_in_every_active_community")
def run_in_every_active_community(task_name: str) -> int:
    """Fan-out for beat: queue `task_name` once in each active community's schema. Returns how many."""
    task = current_app.tasks[task_name]
    schemas = Community.objects.filter(status=Community.Status.ACTIVE).values_list("schema_name", flat=True)
    count = 0
    for schema_name in schemas.order_by("id").iterator():
        queue_in_schema(task, schema_name)
        count += 1
    return count


@shared_task(name="communities.finish_onboarding")
def finish_onboarding_task(
    *, community_id: int, admin_username: str, admin_password_hash: str, admin_display_name: str
) -> str:
    return do_finish_onboarding(
        community_id=community_id,
        admin_username=admin_username,
        admin_password_hash=admin_password_hash,
        admin_display_name=admin_display_name,
    )


@shared_task(name="communities.sweep_provisioning")
def sweep_provisioning_communities_task() -> list[str]:
    return do_sweep_provisioning_communities(now=timezone.now())
