from django.urls import path

from sharepool.web.community import views

urlpatterns = [
    path("", views.home, name="community-home"),
    path("honours/", views.honours_page, name="honours"),
    path("stats/", views.stats_page, name="stats"),
]
