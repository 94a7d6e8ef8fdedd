from django.urls import path

from sharepool.web.account import views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("join/", views.join, name="join"),
    path("me/", views.me, name="me"),
    path("me/transfers/", views.transfers, name="my-transfers"),
    path("me/notification-preferences/", views.set_notification_preference, name="notification-preference"),
    path("notifications/", views.notifications, name="notifications"),
]
