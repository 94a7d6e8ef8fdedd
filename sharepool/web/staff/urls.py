from django.urls import path

from sharepool.web.staff import (
    activities,
    approvals,
    assisted,
    dashboard,
    ledger,
    members,
    register_import,
    roles,
    standing,
)

app_name = "staff"

urlpatterns = [
    path("staff/", dashboard.dashboard, name="dashboard"),
    path("staff/approvals/", approvals.queue, name="approvals"),
    path("staff/approvals/<int:member_id>/approve/", approvals.approve, name="approve"),
    path("staff/approvals/<int:member_id>/reject/", approvals.reject, name="reject"),
    path("staff/members/", members.search, name="members"),
    path("staff/members/new/", assisted.register, name="register"),
    path("staff/members/import/", register_import.import_register, name="import"),
    path("staff/members/<int:member_id>/", members.member_page, name="member"),
    path("staff/members/<int:member_id>/card/", assisted.card, name="card"),
    path("staff/members/<int:member_id>/credit-line/", ledger.credit_limit, name="credit-limit"),
    path("staff/members/<int:member_id>/adjust/", ledger.adjust, name="adjust"),
    path("staff/transfers/<uuid:transfer_id>/reverse/", ledger.reverse, name="reverse"),
    path("staff/disputes/", ledger.disputes, name="disputes"),
    path("staff/disputes/<int:exchange_id>/resolve/", ledger.resolve, name="resolve"),
    path("staff/credit-line/", ledger.default_credit_line, name="default-credit-line"),
    path("staff/activities/", activities.activity_list, name="activities"),
    path("staff/activities/series/new/", activities.new_series, name="new-series"),
    path("staff/activities/<int:activity_id>/", activities.activity_page, name="activity"),
    path("staff/activities/<int:activity_id>/qr/", activities.check_in_qr, name="check-in-qr"),
    path("staff/activities/<int:activity_id>/cancel/", activities.cancel, name="cancel-activity"),
    path("staff/activities/<int:activity_id>/attendance/", activities.mark_attendance, name="attendance"),
    path("staff/activities/<int:activity_id>/award/", activities.award, name="award"),
    path("staff/members/<int:member_id>/standing/", standing.member_standing, name="member-standing"),
    path("staff/roles/", roles.roles, name="roles"),
    path("staff/roles/remove/", roles.remove_role, name="remove-role"),
    path("staff/settings/", roles.community_settings, name="settings"),
    path("staff/settings/check-in/", roles.set_check_in_window, name="set-check-in-window"),
    path("staff/settings/auto-confirm/", roles.set_auto_confirm_delay, name="set-auto-confirm"),
    path("staff/settings/milestones/", roles.set_milestones, name="set-milestones"),
    path("staff/members/<int:member_id>/act/", assisted.act, name="act"),
    path(
        "staff/members/<int:member_id>/act/<str:kind>/<int:listing_id>/",
        assisted.propose,
        name="act-propose",
    ),
    path(
        "staff/members/<int:member_id>/act/exchanges/<int:exchange_id>/<str:step>/",
        assisted.step,
        name="act-step",
    ),
]
