from django.urls import path

from sharepool.web.staff import approvals, dashboard

app_name = "staff"

urlpatterns = [
    path("staff/", dashboard.dashboard, name="dashboard"),
    path("staff/approvals/", approvals.queue, name="approvals"),
    path("staff/approvals/<int:member_id>/approve/", approvals.approve, name="approve"),
    path("staff/approvals/<int:member_id>/reject/", approvals.reject, name="reject"),
]
