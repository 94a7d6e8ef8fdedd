from django.urls import path

from sharepool.web.neighbourhood import views

app_name = "web-neighbourhood"

urlpatterns = [
    path("buildings/", views.building_list, name="buildings"),
    path("buildings/new/", views.building_new, name="building-new"),
    path("buildings/estates/new/", views.estate_new, name="estate-new"),
    path("buildings/<int:building_id>/", views.building_detail, name="building"),
    path("buildings/<int:building_id>/confirm/", views.building_confirm, name="building-confirm"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_new, name="organisation-new"),
    path("organisations/<int:organisation_id>/edit/", views.organisation_edit, name="organisation-edit"),
    path(
        "organisations/<int:organisation_id>/dissolve/",
        views.organisation_dissolve,
        name="organisation-dissolve",
    ),
    path(
        "organisations/<int:organisation_id>/federation/",
        views.organisation_federation,
        name="organisation-federation",
    ),
]
