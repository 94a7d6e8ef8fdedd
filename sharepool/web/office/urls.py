from django.urls import path

from sharepool.web.office import views

urlpatterns = [
    path("office/", views.dashboard, name="office"),
    path("office/login/", views.login, name="office-login"),
    path("office/logout/", views.logout, name="office-logout"),
    path("office/export.<str:format>", views.export, name="office-export"),
    path("office/onboard/", views.onboard, name="office-onboard"),
    path("office/communities/<str:slug>/", views.community, name="office-community"),
    path("office/communities/<str:slug>/billing-portal/", views.billing_portal, name="office-billing-portal"),
    path("office/street-offices/", views.street_offices, name="office-street-offices"),
]
