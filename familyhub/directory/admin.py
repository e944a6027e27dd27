"""Staff editing for data managers (Django admin, for now), with the directory's validation."""

from django import forms
from django.contrib import admin
from django.db import models as db
from django.forms.models import BaseInlineFormSet

from familyhub.directory import models
from familyhub.directory.locations import fill_coordinates_from_postcode
from familyhub.directory.rules import check_ways_to_reach

HTTPS_URLS = {db.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}


class HttpsUrls:
    """Web addresses typed without a scheme are taken as https (Django 6 behaviour)."""

    formfield_overrides = HTTPS_URLS


class ServiceAtLocationFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        live = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        check_ways_to_reach(self.instance, location_count=len(live))


class ServiceAtLocationInline(HttpsUrls, admin.TabularInline):
    model = models.ServiceAtLocation
    formset = ServiceAtLocationFormSet
    autocomplete_fields = ["location"]
    extra = 1


class ServiceTermInline(HttpsUrls, admin.TabularInline):
    model = models.ServiceTerm
    autocomplete_fields = ["taxonomy_term"]
    extra = 1
    verbose_name = "need"
    verbose_name_plural = "needs (taxonomy terms)"


class ScheduleInline(HttpsUrls, admin.TabularInline):
    model = models.Schedule
    fk_name = "service"
    fields = ["byday", "opens_at", "closes_at", "freq", "description", "service_at_location"]
    extra = 0


class CostOptionInline(HttpsUrls, admin.TabularInline):
    model = models.CostOption
    fields = ["option", "amount", "amount_description"]
    extra = 0


class LanguageInline(HttpsUrls, admin.TabularInline):
    model = models.Language
    extra = 0


class ServiceAreaInline(HttpsUrls, admin.TabularInline):
    model = models.ServiceArea
    extra = 0


class FundingInline(HttpsUrls, admin.TabularInline):
    model = models.Funding
    extra = 0


class ContactInline(HttpsUrls, admin.StackedInline):
    model = models.Contact
    fk_name = "service"
    exclude = ["organisation"]
    extra = 0


@admin.register(models.Service)
class ServiceAdmin(HttpsUrls, admin.ModelAdmin):
    list_display = ["name", "organisation", "level_of_need", "status", "last_checked_on"]
    list_filter = [
        "level_of_need",
        "status",
        "needs_diagnosis",
        "access_drop_in",
        "access_self_referral",
        "access_professional_referral",
    ]
    search_fields = ["name", "description", "organisation__name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organisation",
                    "name",
                    "alternate_name",
                    "description",
                    "eligibility_description",
                    "status",
                    "alert",
                ]
            },
        ),
        (
            "Getting it",
            {
                "fields": [
                    "level_of_need",
                    ("access_drop_in", "access_self_referral", "access_professional_referral"),
                    "needs_diagnosis",
                    "typical_wait_weeks",
                    "capacity_per_week",
                    ("minimum_age", "maximum_age"),
                ]
            },
        ),
        (
            "How it is delivered",
            {"fields": [("delivered_in_person", "delivered_online", "delivered_by_phone")]},
        ),
        ("Contact", {"fields": ["phone", "email", "url"]}),
        (
            "Cost and evidence",
            {"fields": ["fees_description", "evidence_programme", "eif_rating", "accreditations"]},
        ),
        ("Checking", {"fields": ["last_checked_on", "last_checked_by", "source"]}),
    ]
    inlines = [
        ServiceTermInline,
        ServiceAtLocationInline,
        ScheduleInline,
        CostOptionInline,
        LanguageInline,
        ServiceAreaInline,
        FundingInline,
        ContactInline,
    ]


class AddressInline(HttpsUrls, admin.StackedInline):
    model = models.Address
    extra = 1
    max_num = 2


class AccessibilityInline(HttpsUrls, admin.TabularInline):
    model = models.Accessibility
    extra = 0


@admin.register(models.Location)
class LocationAdmin(HttpsUrls, admin.ModelAdmin):
    list_display = ["name", "town", "ward", "latitude", "longitude"]
    list_filter = ["town"]
    search_fields = ["name", "addresses__postal_code", "town"]
    inlines = [AddressInline, AccessibilityInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        fill_coordinates_from_postcode(form.instance)


@admin.register(models.Organisation)
class OrganisationAdmin(HttpsUrls, admin.ModelAdmin):
    list_display = ["name", "email", "website"]
    search_fields = ["name"]


@admin.register(models.Taxonomy)
class TaxonomyAdmin(HttpsUrls, admin.ModelAdmin):
    list_display = ["name", "key", "version"]


@admin.register(models.TaxonomyTerm)
class TaxonomyTermAdmin(HttpsUrls, admin.ModelAdmin):
    list_display = ["name", "code", "taxonomy", "parent"]
    list_filter = ["taxonomy"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "maps_to"]
