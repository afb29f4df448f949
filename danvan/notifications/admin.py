from django.contrib import admin

from danvan.notifications.models import DeliveryAttempt, Message


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    readonly_fields = ["attempted_at", "succeeded", "detail"]
    can_delete = False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "channel", "recipient", "address", "status", "attempts", "sent_at"]
    list_filter = ["channel", "status"]
    readonly_fields = ["idempotency_key", "attempts", "sent_at", "read_at"]
    inlines = [DeliveryAttemptInline]
