"""URLs of every community host (the community's schema)."""

from django.urls import path

from sharepool.graphql.views import community_graphql
from sharepool.web import views

urlpatterns = [
    path("", views.community_home, name="community-home"),
    path("graphql/", community_graphql, name="graphql"),
]
