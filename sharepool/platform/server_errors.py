"""The 500 handler of both hosts (`handler500` in their URL modules), for what escapes every view.

Django calls it inside its exception handler, so `sys.exc_info()` is the failure. When the database is
away (issue #10: the tenant middleware's domain lookup fails before any view runs), `/graphql/`
answers JSON 503 `unavailable` with Retry-After through the endpoint's own error shape, and pages a
plain 503 page; anything else is a 500 in the same shapes. The page is rendered without the request's
context processors, which would read the database again.
"""

import sys

from django.http import HttpResponse
from django.template.loader import render_to_string

from sharepool.graphql.core.views import internal_error_response, unavailable_response
from sharepool.platform.health import RETRY_AFTER_SECONDS, database_unavailable


def server_error(request):
    unavailable = database_unavailable(sys.exc_info()[1])
    if request.path.startswith("/graphql"):
        return unavailable_response() if unavailable else internal_error_response()
    if unavailable:
        response = HttpResponse(render_to_string("web/unavailable.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(render_to_string("web/server_error.html"), status=500)
