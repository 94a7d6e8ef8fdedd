"""URLs of the platform host (public schema)."""

from django.contrib import admin
from django.urls import include, path

from sharepool.graphql.views import platform_graphql
from sharepool.web import views

urlpatterns = [
    path("", views.platform_home, name="platform-home"),
    path("admin/", admin.site.urls),
    path("graphql/", platform_graphql, name="graphql"),
    path("billing/", include("sharepool.platform.billing.urls")),
    path("language/<str:code>/", views.switch_language, name="switch-language"),
    path("text-size/<str:size>/", views.switch_text_size, name="switch-text-size"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    # The street office's pages (issue 14): its communities, onboarding, billing; operators' street offices.
    path("", include("sharepool.web.office.urls")),
]

# JSON 503 `unavailable` on /graphql/ and a plain 503 page when the database is away (issue #10).
handler500 = "sharepool.platform.server_errors.server_error"
