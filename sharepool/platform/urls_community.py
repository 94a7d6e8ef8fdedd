"""URLs of every community host (the community's schema)."""

from django.conf import settings
from django.urls import include, path

from sharepool.graphql.views import community_graphql
from sharepool.web.council import views as council_views

urlpatterns = [
    path("graphql/", community_graphql, name="graphql"),
    # issue 13: the council, buildings and organisations
    path("council/", council_views.council_home, name="council"),
    path("council/motions/<str:motion_id>/", council_views.motion_detail, name="council-motion"),
    path("council/sessions/<str:session_id>/minutes/", council_views.minutes_detail, name="council-minutes"),
    path("buildings/", council_views.buildings, name="buildings"),
    path("buildings/<str:building_id>/", council_views.building_detail, name="building"),
    path("organisations/", council_views.organisations, name="organisations"),
    path("", include("sharepool.web.urls")),
]

if settings.BENCHMARK_VIEWS:
    from sharepool.graphql.benchmark import plain_me

    urlpatterns.append(path("bench/me.json", plain_me))
