"""The broker stopped, for tests: this process sends to a closed port until the block ends."""

from contextlib import contextmanager

from sharepool.platform.celery import app as celery_app
from tests.faults.outage import closed_port
from tests.platform.background.conftest import _reset_connections


@contextmanager
def broker_down():
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.broker_url = f"redis://127.0.0.1:{closed_port()}/0"
    celery_app.conf.task_always_eager = False
    _reset_connections()
    try:
        yield
    finally:
        _reset_connections()
        celery_app.conf.update(saved)
