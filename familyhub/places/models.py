"""A place is a directory location shown as a page (decision 0041): its name, address,
accessibility and position stay the directory's; a place adds what the directory has no field
for: its address on the site (slug), what kind of place it is, its opening times and how to get
there, in words."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.directory.models import Location


class PlaceKind(models.TextChoices):
    FAMILY_HUB = "family_hub", _("Family hub")
    CHILDRENS_CENTRE = "childrens_centre", _("Children's centre")
    LIBRARY = "library", _("Library")
    HEALTH = "health", _("Clinic or hospital")
    LEISURE = "leisure", _("Leisure centre")
    YOUTH = "youth", _("Youth centre")
    COMMUNITY = "community", _("Community venue")


# The order the list shows kinds in, within a town.
KIND_ORDER = [kind for kind, _label in PlaceKind.choices]


class Place(models.Model):
    location = models.OneToOneField(Location, on_delete=models.CASCADE, related_name="place")
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=PlaceKind.choices, default=PlaceKind.COMMUNITY)
    opening_times = models.TextField(blank=True, help_text="One line for each day or time")
    getting_there = models.TextField(blank=True, help_text="Buses, trains, parking, in words")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.location.name

    @property
    def opening_lines(self) -> list[str]:
        return [line.strip() for line in self.opening_times.splitlines() if line.strip()]
