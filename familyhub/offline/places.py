"""What the "other ways to get help" and "getting online" pages show: the help line (settings),
the family hubs (the directory's places), and the directory's services for getting online.
Read here once, so the pages and a printed copy say the same."""

from dataclasses import dataclass

from django.conf import settings

from familyhub.directory.models import Location
from familyhub.directory.search.request import SearchRequest
from familyhub.directory.search.service import search_services

GETTING_ONLINE = "getting-online"  # the needs taxonomy's code for free wifi, devices and data


@dataclass(frozen=True)
class Place:
    name: str
    address: str
    town: str


def help_line() -> dict:
    """The phone line anyone can ring (OFFLINE_HELP in settings)."""
    return dict(settings.OFFLINE_HELP)


def family_hubs() -> list[Place]:
    """The directory's family hubs, by town then name, each with its address."""
    named = settings.OFFLINE_HELP["places_named"]
    locations = (
        Location.objects.filter(name__icontains=named)
        .prefetch_related("addresses")
        .order_by("town", "name")
    )
    return [Place(location.name, _address(location), location.town) for location in locations]


def _address(location) -> str:
    address = next(iter(location.addresses.all()), None)
    if address is None:
        return ""
    parts = [address.address_1, address.city, address.postal_code]
    return ", ".join(part for part in parts if part)


def getting_online_services(limit: int = 20) -> list:
    """The directory's open services for free wifi, devices, data and skills, through the one
    search service (so they are what a search for the need finds)."""
    results = search_services(SearchRequest(needs=[GETTING_ONLINE], per_page=limit))
    return [hit.service for hit in results.hits]
