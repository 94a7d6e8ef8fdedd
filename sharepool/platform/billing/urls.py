from django.urls import path

from sharepool.platform.billing import views

urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="billing-stripe-webhook"),
]
