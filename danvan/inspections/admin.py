from django.contrib import admin

from danvan.inspections.models import Directive, Plan


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    """Directives and programmes are data: details marked [U] in DOMAIN.md are corrected here."""

    list_display = ["number", "title", "issued_on", "period", "confidence", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["number", "title"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "status", "starts_on", "ends_on"]
    list_filter = ["status", "kind"]
    readonly_fields = ["status", "unit_path", "concluded_at"]
