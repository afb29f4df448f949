from django.contrib import admin

from danvan.documents.models import NumberSequence


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    """Registers of document numbers; a clerk may correct a number after a paper document was issued."""

    list_display = ["organization", "period", "last_number"]
    raw_id_fields = ["organization"]
