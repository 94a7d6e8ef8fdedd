"""The bare Django baseline of benchmarks/http_paths.py: one settings-free module, no middleware.

`hello` answers a constant; `user` reads one auth_user row by primary key through the ORM, in the
benchmark community's schema. Served by the same gunicorn, workers and machine as Sharepool, so the
ratio of the two says what Sharepool's request path costs over Django itself (issue 15).

    BARE_DATABASE_URL=postgres://.../db BARE_SCHEMA=c_bench gunicorn benchmarks.bare_django
"""

import os

import dj_database_url
from django.conf import settings

database = dj_database_url.parse(os.environ["BARE_DATABASE_URL"], conn_max_age=60)
database.setdefault("OPTIONS", {})["options"] = f"-c search_path={os.environ.get('BARE_SCHEMA', 'public')}"
settings.configure(
    DEBUG=False,
    SECRET_KEY="bare-django-benchmark-only-" + "x" * 40,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
    DATABASES={"default": database},
    USE_TZ=True,
)

import django  # noqa: E402 (after settings.configure)

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse("hello")


def user(request, pk: int):
    found = User.objects.get(pk=pk)
    return JsonResponse({"id": found.id, "username": found.username})


urlpatterns = [path("hello", hello), path("user/<int:pk>.json", user)]
application = get_wsgi_application()
