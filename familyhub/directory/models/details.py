"""The HSDS detail records that hang off services and locations."""

from django.core.exceptions import ValidationError
from django.db import models

from familyhub.directory.choices import WEEKDAYS, AreaType, ExtentType, Frequency
from familyhub.directory.models.base import DirectoryRecord
from familyhub.directory.models.locations import Location, ServiceAtLocation
from familyhub.directory.models.organisations import Organisation
from familyhub.directory.models.services import Service
from familyhub.postcodes.formats import InvalidPostcode, normalise


class Address(DirectoryRecord):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField(max_length=200)
    address_2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField("county", max_length=100, default="Kent", blank=True)
    postal_code = models.CharField("postcode", max_length=8)
    country = models.CharField(max_length=2, default="GB")
    address_type = models.CharField(max_length=10, default="physical")

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self):
        return f"{self.address_1}, {self.city} {self.postal_code}"

    def clean(self):
        try:
            self.postal_code = normalise(self.postal_code)
        except InvalidPostcode as error:
            raise ValidationError({"postal_code": str(error)}) from error
        if " " not in self.postal_code:
            raise ValidationError({"postal_code": "Enter the full postcode, like ME4 4TR."})


class Accessibility(DirectoryRecord):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    url = models.URLField(blank=True)

    class Meta:
        verbose_name_plural = "accessibility"

    def __str__(self):
        return self.description


class Contact(DirectoryRecord):
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self):
        return self.name or self.title or self.email


class Phone(DirectoryRecord):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=30)
    extension = models.CharField(max_length=10, blank=True)
    description = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return self.number


class Schedule(DirectoryRecord):
    """When a service runs, in the RRULE-style fields of HSDS 3.0."""

    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    freq = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    interval = models.PositiveSmallIntegerField(default=1)
    byday = models.CharField(max_length=30, blank=True, help_text="e.g. MO,WE (RRULE days)")
    bymonthday = models.CharField(max_length=30, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    attending_type = models.TextField(blank=True, help_text="How to attend, in words (HSDS)")

    def __str__(self):
        return f"{self.byday} {self.opens_at}-{self.closes_at}"

    @property
    def days(self) -> list[str]:
        return [day for day in self.byday.split(",") if day]

    def clean(self):
        errors = {}
        unknown = [day for day in self.days if day not in WEEKDAYS]
        if unknown:
            errors["byday"] = f"Use two-letter days like MO,TU; not {', '.join(unknown)}."
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "The closing time must be after the opening time."
        if errors:
            raise ValidationError(errors)


class CostOption(DirectoryRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="GBP")
    amount_description = models.CharField(max_length=300, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    def __str__(self):
        return self.amount_description or self.option


class Language(DirectoryRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(max_length=10, help_text="ISO 639-1, e.g. pl")
    name = models.CharField(max_length=100)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["code"], name="language_code")]

    def __str__(self):
        return self.name


class ServiceArea(DirectoryRecord):
    """Where a service is offered. `area_type` is this directory's meaning (a town, a ward, the
    local authority; blank for an imported area that is none of them), published as an
    attribute; `extent` is a shape of the area in the format `extent_type` names, as HSDS
    defines them (GeoJSON, TopoJSON, KML or text)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=500, db_index=True)
    area_type = models.CharField(
        max_length=20, choices=AreaType.choices, default=AreaType.TOWN, blank=True
    )
    uri = models.URLField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=10, choices=ExtentType.choices, blank=True)

    def __str__(self):
        return self.name


class Funding(DirectoryRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(max_length=300)

    def __str__(self):
        return self.source
