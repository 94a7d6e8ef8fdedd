from django.urls import path

from sharepool.web.account import certificates, views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("join/", views.join, name="join"),
    path("me/", views.me, name="me"),
    path("me/transfers/", views.transfers, name="my-transfers"),
    path("me/notification-preferences/", views.set_notification_preference, name="notification-preference"),
    path("me/certificate/", certificates.my_certificate, name="my-certificate"),
    path("certificates/<str:code>.pdf", certificates.certificate_pdf, name="certificate-pdf"),
    path("verify/<str:code>/", certificates.verify, name="verify"),
    path("notifications/", views.notifications, name="notifications"),
]
