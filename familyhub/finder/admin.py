from django.contrib import admin

from familyhub.finder.models import SearchRecord, SuggestedChange


@admin.register(SuggestedChange)
class SuggestedChangeAdmin(admin.ModelAdmin):
    list_display = ["service", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["service__name", "details"]
    readonly_fields = ["service", "kind", "details", "created_at"]


@admin.register(SearchRecord)
class SearchRecordAdmin(admin.ModelAdmin):
    list_display = ["searched_on", "text", "postcode_district", "result_count", "source"]
    list_filter = ["source", "searched_on"]
    search_fields = ["text"]

    def has_change_permission(self, request, obj=None):
        return False
