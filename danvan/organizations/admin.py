from django.contrib import admin

from danvan.organizations.models import Organization, OrganizationKind, Position


@admin.register(OrganizationKind)
class OrganizationKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "family", "default_symbol", "sort_order"]
    list_editable = ["sort_order"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    raw_id_fields = ["holder"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "document_symbol"]
    list_filter = ["kind"]
    search_fields = ["name_folded", "document_symbol"]
    raw_id_fields = ["unit", "parent"]
    readonly_fields = ["unit_path", "name_folded"]
    inlines = [PositionInline]

    def save_model(self, request, obj, form, change):
        from danvan.organizations.services import organization_fill_derived

        organization_fill_derived(obj)
        super().save_model(request, obj, form, change)
