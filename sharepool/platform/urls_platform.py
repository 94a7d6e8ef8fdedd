"""URLs of the platform host (public schema)."""

from django.contrib import admin
from django.urls import path

from sharepool.graphql.views import platform_graphql
from sharepool.web import views

urlpatterns = [
    path("", views.platform_home, name="platform-home"),
    path("admin/", admin.site.urls),
    path("graphql/", platform_graphql, name="graphql"),
]
