from django.contrib import admin

from danvan.analytics.models import Alert, AlertEvent, AlertRule, ClassifierModel, Hotspot


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    """Thresholds are data: administrators tune them here (DOMAIN.md, [U] facts configurable)."""

    list_display = ["name", "kind", "is_active", "min_count", "p_value", "baseline_weeks", "min_score"]
    list_editable = ["is_active", "min_count", "p_value", "baseline_weeks", "min_score"]
    list_filter = ["kind", "is_active"]


class AlertEventInline(admin.TabularInline):
    model = AlertEvent
    extra = 0
    fields = ["occurred_at", "action", "step", "actor", "note"]
    readonly_fields = fields
    can_delete = False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "outcome", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["rule", "kind", "key", "unit", "unit_path", "category", "case", "hotspot", "created_at"]
    inlines = [AlertEventInline]


@admin.register(Hotspot)
class HotspotAdmin(admin.ModelAdmin):
    list_display = ["unit", "category", "week_start", "count", "baseline", "p_value", "signals", "is_hotspot"]
    list_filter = ["is_hotspot"]


@admin.register(ClassifierModel)
class ClassifierModelAdmin(admin.ModelAdmin):
    list_display = ["version", "trained_at", "sample_count", "officer_count"]
