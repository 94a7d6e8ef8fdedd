from django.urls import path

from sharepool.platform.billing import views

urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="billing-stripe-webhook"),
    path("<slug:slug>/checkout/", views.start_checkout, name="billing-checkout"),
    path("<slug:slug>/portal/", views.open_portal, name="billing-portal"),
]
