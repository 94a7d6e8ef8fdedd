"""The residents' pages of a community host: one include per area (issue 12).

Each area is a package with its own views, forms and urls: account (sign-in, joining, my account),
community (home, honours, figures), timebank and activities, council. An area whose package is not there
yet is left out, so areas land independently; keep this a plain list.
"""

from importlib.util import find_spec

from django.urls import include, path

from sharepool.web import views

AREAS = [
    "sharepool.web.community.urls",
    "sharepool.web.account.urls",
    "sharepool.web.timebank.urls",
    "sharepool.web.activities.urls",
    "sharepool.web.council.urls",
    "sharepool.web.neighbourhood.urls",
    "sharepool.web.staff.urls",
]


def present(module: str) -> bool:
    package = module.rpartition(".")[0]
    return find_spec(package) is not None and find_spec(module) is not None


urlpatterns = [
    path("language/<str:code>/", views.switch_language, name="switch-language"),
    path("text-size/<str:size>/", views.switch_text_size, name="switch-text-size"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    *(path("", include(module)) for module in AREAS if present(module)),
]
