from django.contrib import admin

from danvan.practices.models import Commendation, CriteriaSet, Criterion, NewsItem, Practice


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    """Each recognition level's criteria and pass mark are data ([U] in DOMAIN.md §3)."""

    list_display = ("name", "level", "unit_path", "pass_mark", "is_active")
    list_filter = ("level", "is_active")
    inlines = [CriterionInline]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "field", "status", "recognised_level", "registered_at")
    list_filter = ("status", "field", "recognised_level")
    search_fields = ("title", "holder_name")
    readonly_fields = ("status", "review_level", "recognised_level", "recognised_at", "unit_path")

    def has_add_permission(self, request):
        return False  # registration goes through the service (timeline and audit)


@admin.register(Commendation)
class CommendationAdmin(admin.ModelAdmin):
    list_display = ("decision_number", "decision_date", "form", "level", "practice")
    list_filter = ("form", "level")

    def has_add_permission(self, request):
        return False


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "organization", "status", "published_at")
    list_filter = ("status", "category")

    def has_add_permission(self, request):
        return False
