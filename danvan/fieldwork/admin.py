from django.contrib import admin

from danvan.fieldwork.models import QuotaPolicy, Team


@admin.register(QuotaPolicy)
class QuotaPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "role",
        "organization_kind",
        "organization",
        "unit",
        "min_field_trips",
        "min_block_meetings",
        "valid_from",
        "valid_to",
    )
    raw_id_fields = ("organization", "unit")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "unit", "leader", "is_active")
    raw_id_fields = ("unit", "leader", "organization")
    filter_horizontal = ("members",)
    exclude = ("area",)
