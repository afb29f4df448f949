from django.contrib import admin

from danvan.democracy.models import Board, CommunityVote, Disclosure, DisclosureGroup, VillageHouseholds


@admin.register(DisclosureGroup)
class DisclosureGroupAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "name",
        "permanent",
        "min_posting_days",
        "loudspeaker_days",
        "publish_within_working_days",
    )


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = ("title", "commune", "group", "decision_date", "deadline", "published_on")
    readonly_fields = ("deadline",)
    raw_id_fields = ("commune",)


@admin.register(VillageHouseholds)
class VillageHouseholdsAdmin(admin.ModelAdmin):
    list_display = ("village", "as_of", "households", "online_opt_in")
    raw_id_fields = ("village",)


@admin.register(CommunityVote)
class CommunityVoteAdmin(admin.ModelAdmin):
    list_display = ("title", "matter", "form", "vote_date", "households_total", "approve", "passed", "status")
    raw_id_fields = ("commune", "village", "parent")


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "commune", "established_on")
    raw_id_fields = ("commune",)
