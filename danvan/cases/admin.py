from django.contrib import admin

from danvan.cases.models import Case, CaseEvent, Category, DeadlineRule, RuleSet


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]


class DeadlineRuleInline(admin.TabularInline):
    model = DeadlineRule
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    """Rules tagged [U] in DOMAIN.md are data: administrators correct them here when the law is confirmed."""

    list_display = ["name", "code", "effective_from"]
    inlines = [DeadlineRuleInline]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    fields = ["occurred_at", "action", "from_status", "to_status", "actor", "is_public"]
    readonly_fields = fields
    can_delete = False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: cases change through the workflow (services), never by editing rows. Persons are not
    shown here at all: denouncers' identity is revealed only through the audited reveal."""

    list_display = ["tracking_code", "kind", "status", "handling_unit", "due_date", "received_at"]
    list_filter = ["kind", "status", "channel", "category"]
    search_fields = ["tracking_code"]
    exclude = ["pin_hash", "notify_email", "search_text"]
    inlines = [CaseEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
