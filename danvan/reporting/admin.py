from django.contrib import admin

from danvan.reporting.models import PeriodDefinition, Plan, PlanTarget, Report, ReportSubmission, ReportTemplate


@admin.register(PeriodDefinition)
class PeriodDefinitionAdmin(admin.ModelAdmin):
    """Cut-offs and deadlines are [U] (Decree 09/2019 as read in DOMAIN.md §8): administrators correct them here.
    Periods already created keep their dates; new periods use the new configuration."""

    list_display = ["name", "kind", "span_months", "start_day", "end_day", "commune_deadline_days", "is_confirmed"]
    list_editable = ["start_day", "end_day", "commune_deadline_days", "is_confirmed"]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    """The Party format and its issuer symbol are [U] (DOMAIN.md §6.2): configurable here."""

    list_display = ["name", "code", "family", "party_symbol"]


class PlanTargetInline(admin.TabularInline):
    model = PlanTarget
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "unit_path"]
    inlines = [PlanTargetInline]


class SubmissionInline(admin.TabularInline):
    model = ReportSubmission
    extra = 0
    fields = ["sequence", "submitted_at", "number", "is_late", "checksum"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through the services (submissions are frozen)."""

    list_display = ["__str__", "unit_path", "status"]
    list_filter = ["status"]
    inlines = [SubmissionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
