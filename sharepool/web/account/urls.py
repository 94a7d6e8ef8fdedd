from django.urls import path

from sharepool.web.account import views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("join/", views.join, name="join"),
]
