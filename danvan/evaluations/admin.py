from django.contrib import admin

from danvan.evaluations.models import Round


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    """Rounds are run on the officer pages; the bands ([U], DOMAIN.md §3) can be corrected here before the
    result is published."""

    list_display = ["name", "parent_unit", "year", "status"]
    fields = ["name", "status", "bands"]
    readonly_fields = ["name", "status"]

    def has_add_permission(self, request) -> bool:
        return False
