"""URLs of every community host (the community's schema)."""

from django.conf import settings
from django.urls import include, path

from sharepool.graphql.views import community_graphql

urlpatterns = [
    path("graphql/", community_graphql, name="graphql"),
    path("", include("sharepool.web.urls")),
]

if settings.BENCHMARK_VIEWS:
    from sharepool.graphql.benchmark import plain_me

    urlpatterns.append(path("bench/me.json", plain_me))

# JSON 503 `unavailable` on /graphql/ and a plain 503 page when the database is away (issue #10).
handler500 = "sharepool.platform.server_errors.server_error"
