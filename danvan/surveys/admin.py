from django.contrib import admin

from danvan.surveys.models import IndexMethod, Survey


@admin.register(IndexMethod)
class IndexMethodAdmin(admin.ModelAdmin):
    """The satisfaction-index formula is [U] (DOMAIN.md §4): administrators set it here, e.g.
    weights = {"access": 1, "procedure": 1, "officials": 1, "result": 1, "feedback": 1},
    aspects = ["satisfaction"]."""

    list_display = ["name", "satisfied_from", "min_sample", "is_default"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Surveys are built on the officer pages; here only the index method of a survey can be changed."""

    list_display = ["title", "unit", "status", "method", "created_at"]
    fields = ["title", "status", "method"]
    readonly_fields = ["title", "status"]

    def has_add_permission(self, request) -> bool:
        return False
