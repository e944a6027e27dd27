"""Import runs and merges, read-only: the record of what was imported and merged, and by whom.
(Imports and merges are made on the data managers' pages, /staff/data/.)"""

from django.contrib import admin

from familyhub.interchange.models import DistinctPair, ImportResult, ImportRun, MergeRecord


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResultInline(admin.TabularInline):
    model = ImportResult
    fields = ["position", "record_id", "name", "outcome", "reasons", "notes"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnly):
    list_display = [
        "created_at",
        "kind",
        "source",
        "status",
        "processed",
        "created",
        "updated",
        "skipped",
        "failed",
        "started_by",
    ]
    list_filter = ["kind", "status"]
    exclude = ["upload"]
    inlines = [ResultInline]


@admin.register(MergeRecord)
class MergeRecordAdmin(ReadOnly):
    list_display = ["at", "kind", "merged_name", "merged_id", "kept_id", "by"]
    list_filter = ["kind"]


@admin.register(DistinctPair)
class DistinctPairAdmin(admin.ModelAdmin):
    """Deleting a pair lists it as a likely duplicate again."""

    list_display = ["at", "kind", "first_id", "second_id", "by"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
