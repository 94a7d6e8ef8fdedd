"""Giving a community its schema: taken from the pool, filled through the members gateway (issue #2, #6).

Below services.py and tasks.py: onboarding at once calls `install_community_schema` in its transaction; the
task `communities.finish_onboarding` calls `do_finish_onboarding`.
"""

import logging
import secrets
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from sharepool.core.background import queue_on_commit
from sharepool.core.models import OutboxTask
from sharepool.core.schemas import tenant_connection
from sharepool.gateways.community_setup import set_up_community
from sharepool.platform.communities import schema_pool
from sharepool.platform.communities.models import Community, Domain

logger = logging.getLogger(__name__)
REMOVED = "removed"
FINISH_ONBOARDING_TASK = "communities.finish_onboarding"


def install_community_schema(
    community: Community, *, admin_username: str, admin_password: str, admin_display_name: str
) -> None:
    """Give the community a schema from the pool, its settings and its first admin (inside the caller's
    transaction). Taking a schema asks for a refill of the pool once the transaction commits."""
    ready = schema_pool.take_ready_schema()
    schema_pool.rename_schema(ready, community.schema_name)
    set_up_community(
        schema_name=community.schema_name,
        admin_username=admin_username,
        admin_password=admin_password,
        admin_display_name=admin_display_name,
    )
    queue_pool_refill()


def queue_pool_refill() -> None:
    """A worker refills the pool. Without a broker there is none, and a task would run here, on the
    caller's path (+1.1 s to the CLI's onboarding, issue 15): the next onboarding copies the template
    inline instead (~150 ms), and `refill_schema_pool` or beat's refill tops the pool up. With one, the
    task goes through the outbox, from the public schema where the pool lives, so a broker that is down
    never fails a committed onboarding (issue #10)."""
    if not current_app.conf.task_always_eager:  # the app's own setting (tests point it at a broker)
        with schema_context(get_public_schema_name()):
            queue_on_commit(schema_pool.refill_schema_pool_task)


def do_finish_onboarding(
    *, community_id: int, admin_username: str, admin_password_hash: str, admin_display_name: str
) -> str:
    """The task's half: schema, settings, admin, `active`. A redelivered task finds it done and changes nothing."""
    try:
        with transaction.atomic():
            community = Community.objects.select_for_update().filter(id=community_id).first()
            if community is None:  # removed by the sweeper after its onboarding timed out
                return REMOVED
            if community.status != Community.Status.PROVISIONING:
                return community.status
            # The admin is made with a throwaway password, then given the hash the requester chose.
            install_community_schema(
                community,
                admin_username=admin_username,
                admin_password=secrets.token_urlsafe(32),
                admin_display_name=admin_display_name,
            )
            with community:
                get_user_model().objects.filter(username=admin_username).update(password=admin_password_hash)
            community.status = Community.Status.ACTIVE
            community.save(update_fields=["status"])
    finally:
        tenant_connection().set_schema_to_public()
    return community.status


def do_sweep_provisioning_communities(*, now: datetime) -> list[str]:
    """Remove the communities whose onboarding died; returns their slugs, whose addresses are free again.

    A community is `provisioning` from the moment its rows are written until `do_finish_onboarding`
    gives it a schema, in one transaction with making it `active`; so one still provisioning after
    `ONBOARDING_TIMEOUT_MINUTES` has no schema, and its task is gone: it ran out of retries, or its
    worker died and the broker's visibility timeout (shorter than this timeout) has passed. The
    admin's password hash went with the task, so the onboarding cannot be finished here: the rows
    are removed and the slug is free (issue #10). A task still waiting in the outbox (the broker is
    down) is left to arrive. A finishing task holds the row's lock, so it is skipped, never removed
    under it; a task arriving after the removal finds no row and changes nothing.
    """
    cutoff = now - timedelta(minutes=settings.ONBOARDING_TIMEOUT_MINUTES)
    removed = []
    with transaction.atomic():
        stale = Community.objects.select_for_update(skip_locked=True).filter(
            status=Community.Status.PROVISIONING, created__lte=cutoff
        )
        for community in stale.order_by("id"):
            if waiting_to_finish(community.id):
                continue
            Domain.objects.filter(tenant=community).delete()
            community.delete(force_drop=False)
            removed.append(community.slug)
    if removed:
        logger.warning("removed communities whose onboarding died: %s", ", ".join(removed))
    return removed


def waiting_to_finish(community_id: int) -> bool:
    return OutboxTask.objects.filter(
        task_name=FINISH_ONBOARDING_TASK, kwargs__community_id=community_id
    ).exists()
