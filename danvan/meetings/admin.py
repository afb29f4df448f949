from django.contrib import admin

from danvan.meetings.models import ReceptionPolicy


@admin.register(ReceptionPolicy)
class ReceptionPolicyAdmin(admin.ModelAdmin):
    """The legal minimum reception frequencies are data ([U] in DOMAIN.md §1.3): administrators correct them
    here when the effect of Law 136/2025 is confirmed. Personal data (the reception book) is never in the admin."""

    list_display = ["name", "code", "period", "sessions_required", "delegation_allowed", "is_active"]
    list_editable = ["period", "sessions_required", "delegation_allowed", "is_active"]
