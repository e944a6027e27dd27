from django.contrib import admin

from familyhub.finder.models import SearchRecord


@admin.register(SearchRecord)
class SearchRecordAdmin(admin.ModelAdmin):
    list_display = ["searched_on", "text", "postcode_district", "result_count", "source"]
    list_filter = ["source", "searched_on"]
    search_fields = ["text"]

    def has_change_permission(self, request, obj=None):
        return False
