from django.urls import path

from sharepool.web.community import views

urlpatterns = [
    path("", views.home, name="community-home"),
]
