"""`/healthz` on every host: 200 with JSON when the database answers, 503 when it does not.

It runs before the tenant middleware, whose domain lookup would itself fail (with a 500) when the
database is down.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("healthz: the database does not answer", exc_info=True)
        return False


class HealthzMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        if database_answers():
            return JsonResponse({"status": "ok", "database": "ok"})
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
