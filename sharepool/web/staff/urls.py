from django.urls import path

from sharepool.web.staff import approvals, dashboard, members

app_name = "staff"

urlpatterns = [
    path("staff/", dashboard.dashboard, name="dashboard"),
    path("staff/approvals/", approvals.queue, name="approvals"),
    path("staff/approvals/<int:member_id>/approve/", approvals.approve, name="approve"),
    path("staff/approvals/<int:member_id>/reject/", approvals.reject, name="reject"),
    path("staff/members/", members.search, name="members"),
    path("staff/members/<int:member_id>/", members.member_page, name="member"),
]
