"""The Celery app. tenant-schemas-celery makes every task run in the schema of the code that queued it."""

import os

from tenant_schemas_celery.app import CeleryApp as TenantAwareCeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharepool.platform.settings")

app = TenantAwareCeleryApp("sharepool")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# After tenant-schemas-celery's import: its task_prerun handler (which sets the schema) runs first, then
# ours tags logs and Sentry with the community.
from sharepool.platform import monitoring  # noqa: E402, F401
from sharepool.platform.schedule import BEAT_SCHEDULE  # noqa: E402

app.conf.beat_schedule = BEAT_SCHEDULE
