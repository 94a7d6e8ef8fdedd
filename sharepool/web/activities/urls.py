from django.urls import path

from sharepool.web.activities import views

app_name = "web-activities"

urlpatterns = [
    path("activities/", views.activity_list, name="activities"),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity"),
    path("activities/<int:activity_id>/sign-up/", views.activity_sign_up, name="sign-up"),
    path("activities/<int:activity_id>/cancel/", views.activity_cancel_sign_up, name="cancel-sign-up"),
    path("activities/<int:activity_id>/check-in/", views.activity_check_in, name="check-in"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<int:activity_id>/sign-up/", views.project_sign_up, name="project-sign-up"),
    path("projects/<int:activity_id>/check-in/", views.project_check_in, name="project-check-in"),
]
