from django.contrib import admin

from danvan.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["seq", "occurred_at", "action", "object_type", "object_id", "actor"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "object_id"]
    ordering = ["-seq"]

    # The audit log is append-only: nobody edits or deletes it through the admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
