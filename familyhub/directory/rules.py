"""Rules a service record must meet before it is published, beyond single fields."""

from django.core.exceptions import ValidationError


def check_ways_to_reach(service, location_count: int):
    """A family must be able to reach or get to a service: a phone, email, website or a place."""
    if location_count == 0 and not (service.phone or service.email or service.url):
        raise ValidationError(
            "Give at least one way to reach this service: a phone number, email address, "
            "website, or a place where it runs."
        )
