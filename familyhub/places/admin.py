from django.contrib import admin

from familyhub.places.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    """Data managers write a place's opening times and directions; the rest is the directory's."""

    list_display = ["location", "kind", "slug"]
    list_filter = ["kind", "location__town"]
    search_fields = ["location__name", "slug"]
    raw_id_fields = ["location"]
