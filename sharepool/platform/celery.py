"""The Celery app. tenant-schemas-celery makes every task run in the schema of the code that queued it."""

import os

from tenant_schemas_celery.app import CeleryApp as TenantAwareCeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharepool.platform.settings")

app = TenantAwareCeleryApp("sharepool")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
