from django.urls import path

from sharepool.web.staff import approvals, assisted, dashboard, ledger, members, register_import, roles

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
    path("staff/members/<int:member_id>/role/", roles.assign_role, name="assign-role"),
    path("staff/members/<int:member_id>/standing/", roles.member_standing, name="member-standing"),
    path("staff/transfers/<uuid:transfer_id>/reverse/", ledger.reverse, name="reverse"),
    path("staff/disputes/", ledger.disputes, name="disputes"),
    path("staff/disputes/<int:exchange_id>/resolve/", ledger.resolve, name="resolve"),
    path("staff/credit-line/", ledger.default_credit_line, name="default-credit-line"),
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
