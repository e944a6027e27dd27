from django.db import models

from familyhub.directory.choices import LocationType
from familyhub.directory.models.base import DirectoryRecord
from familyhub.directory.models.services import Service


class Location(DirectoryRecord):
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    town = models.CharField(max_length=60, blank=True)
    ward = models.CharField(max_length=80, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name", "id"]
        # With the id, so the places in a bounding box (search near a postcode) come from the
        # index alone.
        indexes = [
            models.Index(fields=["latitude", "longitude", "id"], name="location_lat_long_id")
        ]

    def __str__(self):
        return self.name


class ServiceAtLocation(DirectoryRecord):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    # Indexed with the service below, so the services at the places near a postcode are read
    # from the index alone.
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="service_at_locations", db_index=False
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["service__name", "location__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="unique_service_location")
        ]
        indexes = [models.Index(fields=["location", "service"], name="service_location_by_place")]
        verbose_name = "service at location"

    def __str__(self):
        return f"{self.service} at {self.location}"
