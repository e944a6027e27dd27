from django.contrib import admin

from familyhub.upkeep.models import SuggestedChange


@admin.register(SuggestedChange)
class SuggestedChangeAdmin(admin.ModelAdmin):
    list_display = ["service", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["service__name", "details"]
    readonly_fields = ["service", "kind", "details", "created_at"]
