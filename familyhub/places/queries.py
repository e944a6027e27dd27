"""Reads for the places pages: places by town, and one place with its directory details."""

from django.db.models import Exists, OuterRef, Prefetch

from familyhub.directory.choices import MEDWAY_TOWNS, PUBLIC_STATUSES
from familyhub.directory.models import Service, ServiceAtLocation
from familyhub.places.models import KIND_ORDER, Place


def _with_public_services():
    """Places where the directory has at least one service the public may see."""
    return Place.objects.filter(
        Exists(
            ServiceAtLocation.objects.filter(
                location=OuterRef("location"), service__status__in=PUBLIC_STATUSES
            )
        )
    )


def places_by_town() -> list[tuple[str, list[Place]]]:
    """Each town (Medway's in their usual order, then any other) with its places: family hubs
    first, then children's centres, libraries and the rest, by name."""
    places = list(
        _with_public_services().select_related("location").prefetch_related("location__addresses")
    )
    towns: dict[str, list[Place]] = {}
    for place in places:
        towns.setdefault(place.location.town or "", []).append(place)
    order = {town: number for number, town in enumerate(MEDWAY_TOWNS)}
    return [
        (town, sorted(found, key=lambda p: (KIND_ORDER.index(p.kind), p.location.name)))
        for town, found in sorted(towns.items(), key=lambda item: (order.get(item[0], 99), item[0]))
    ]


def place_by_slug(slug: str) -> Place | None:
    services = Service.objects.filter(status__in=PUBLIC_STATUSES).order_by("name")
    return (
        _with_public_services()
        .select_related("location")
        .prefetch_related(
            "location__addresses",
            "location__accessibility",
            Prefetch(
                "location__service_at_locations",
                queryset=ServiceAtLocation.objects.filter(service__in=services)
                .select_related("service")
                .order_by("service__name"),
                to_attr="public_links",
            ),
        )
        .filter(slug=slug)
        .first()
    )


def place_for_location(location_id) -> Place | None:
    return Place.objects.filter(location_id=location_id).first()
