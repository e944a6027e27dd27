from django.contrib import admin
from django.utils import timezone

from familyhub.outcomes.models import Figure, Measure, Outcome, PartnerReturn


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["words", "term", "key"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "kind", "unit", "baseline_value", "target_value", "active"]
    list_filter = ["kind", "outcome__term", "active"]
    readonly_fields = ["key", "kind", "computation", "edited_at", "edited_by"]

    def save_model(self, request, obj, form, change):

        obj.edited_at, obj.edited_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["measure", "period", "area", "value", "source", "partner_return"]
    list_filter = ["measure", "period"]


@admin.register(PartnerReturn)
class PartnerReturnAdmin(admin.ModelAdmin):
    list_display = ["organisation", "period", "submitted_at"]
