from celery import shared_task

from sharepool.platform.communities import schema_pool


@shared_task(name="communities.refill_schema_pool")
def refill_schema_pool_task() -> int:
    return schema_pool.refill_schema_pool()
