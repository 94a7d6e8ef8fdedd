"""Giving a community its schema: taken from the pool, filled through the members gateway (issue #2, #6).

Below services.py and tasks.py: onboarding at once calls `install_community_schema` in its transaction; the
task `communities.finish_onboarding` calls `do_finish_onboarding`.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from sharepool.gateways.community_setup import set_up_community
from sharepool.platform.communities import schema_pool
from sharepool.platform.communities.models import Community


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
    transaction.on_commit(queue_pool_refill)


def queue_pool_refill() -> None:
    """A worker refills the pool. Without a broker there is none, and a task would run here, on the
    caller's path (+1.1 s to the CLI's onboarding, issue 15): the next onboarding copies the template
    inline instead (~150 ms), and `refill_schema_pool` or beat's refill tops the pool up."""
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        schema_pool.refill_schema_pool_task.delay()


def do_finish_onboarding(
    *, community_id: int, admin_username: str, admin_password_hash: str, admin_display_name: str
) -> str:
    """The task's half: schema, settings, admin, `active`. A redelivered task finds it done and changes nothing."""
    try:
        with transaction.atomic():
            community = Community.objects.select_for_update().get(id=community_id)
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
        connection.set_schema_to_public()
    return community.status
