from django.contrib import admin

from sharepool.platform.billing.models import CommunityStatusChange, Plan, StripeEvent, Subscription


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "monthly_price_fen", "stripe_price_id"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["community", "plan", "status", "past_due_since", "updated"]
    list_filter = ["status", "plan"]


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "type", "outcome", "received"]
    list_filter = ["type", "outcome"]


@admin.register(CommunityStatusChange)
class CommunityStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["community", "status_before", "status_after", "reason", "created"]
