"""URLs of every community host (the community's schema)."""

from django.conf import settings
from django.urls import path

from sharepool.graphql.views import community_graphql
from sharepool.web import views

urlpatterns = [
    path("", views.community_home, name="community-home"),
    path("graphql/", community_graphql, name="graphql"),
]

if settings.BENCHMARK_VIEWS:
    from sharepool.graphql.benchmark import plain_me

    urlpatterns.append(path("bench/me.json", plain_me))
