from celery import shared_task

from sharepool.core.background import relay_outbox


@shared_task(name="core.relay_outbox")
def relay_outbox_task() -> int:
    """Beat's sweep of the outbox: tasks whose relay at commit time found the broker down. Returns how many wait."""
    _sent, still_waiting = relay_outbox()
    return still_waiting
