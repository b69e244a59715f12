"""Configuration admin: webhook endpoints and the delivery log."""

from django.contrib import admin

from propdesk.core.admin import ConfigAdmin

from .models import Delivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ConfigAdmin):
    list_display = ["name", "url", "active", "event_codes", "created_at"]
    list_filter = ["active"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Delivery)
class DeliveryAdmin(ConfigAdmin):
    """The delivery log (operations); the notification it carried is not shown (it may name a resident)."""

    read_only = True
    exclude = ["notification"]
    list_display = ["key", "channel", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["channel", "status"]
    list_select_related = ["endpoint"]
    search_fields = ["key"]
    show_full_result_count = False
