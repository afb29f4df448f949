from django.contrib import admin

from danvan.territory.models import AdministrativeUnit, CalendarOverride


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "level", "parent", "valid_from", "valid_to", "remote_area"]
    list_filter = ["level", "kind", "remote_area", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["name_folded", "code"]
    readonly_fields = ["path", "name_folded", "name_sort"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["successors"]

    def get_search_results(self, request, queryset, search_term):
        from danvan.core.text import fold

        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    date_hierarchy = "date"
