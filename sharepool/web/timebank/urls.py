from django.urls import path

from sharepool.web.timebank import views
from sharepool.web.timebank.views import OFFERS, REQUESTS

app_name = "web-timebank"

urlpatterns = [
    path("exchanges/", views.exchange_list, name="exchanges"),
    path("exchanges/<int:exchange_id>/", views.exchange_detail, name="exchange"),
    path("exchanges/<int:exchange_id>/<slug:step>/", views.exchange_step, name="exchange-step"),
]
for prefix, kind in (("offers", OFFERS), ("requests", REQUESTS)):
    urlpatterns += [
        path(f"{prefix}/", views.listing_list, {"kind": kind}, name=f"{kind.name}s"),
        path(f"{prefix}/new/", views.listing_new, {"kind": kind}, name=f"{kind.name}-new"),
        path(f"{prefix}/<int:listing_id>/", views.listing_detail, {"kind": kind}, name=kind.name),
        path(
            f"{prefix}/<int:listing_id>/edit/", views.listing_edit, {"kind": kind}, name=f"{kind.name}-edit"
        ),
        path(
            f"{prefix}/<int:listing_id>/close/",
            views.listing_close,
            {"kind": kind},
            name=f"{kind.name}-close",
        ),
        path(
            f"{prefix}/<int:listing_id>/propose/",
            views.listing_propose,
            {"kind": kind},
            name=f"{kind.name}-propose",
        ),
    ]
