"""Making places for the directory's locations: every location with a service gets a place (its
kind read from its name, a data manager may change it), so a newly imported family hub has a
page without anyone writing one. Existing places are never changed."""

from django.db import transaction
from django.utils.text import slugify

from familyhub.directory.models import Location
from familyhub.places.models import Place, PlaceKind

KIND_WORDS = [
    ("family hub", PlaceKind.FAMILY_HUB),
    ("children's centre", PlaceKind.CHILDRENS_CENTRE),
    ("childrens centre", PlaceKind.CHILDRENS_CENTRE),
    ("library", PlaceKind.LIBRARY),
    ("clinic", PlaceKind.HEALTH),
    ("hospital", PlaceKind.HEALTH),
    ("leisure", PlaceKind.LEISURE),
    ("sports centre", PlaceKind.LEISURE),
    ("medway park", PlaceKind.LEISURE),
    ("pool", PlaceKind.LEISURE),
    ("youth", PlaceKind.YOUTH),
]


def kind_of(name: str) -> str:
    lowered = name.lower().replace("’", "'")
    for words, kind in KIND_WORDS:
        if words in lowered:
            return kind
    return PlaceKind.COMMUNITY


def unique_slug(location: Location, taken: set[str]) -> str:
    slug = slugify(location.name)[:100] or "place"
    if slug in taken:
        slug = f"{slug}-{str(location.pk)[:8]}"
    taken.add(slug)
    return slug


@transaction.atomic
def make_places() -> list[Place]:
    """A place for every physical location with a service that has none; the places made."""
    taken = set(Place.objects.values_list("slug", flat=True))
    locations = (
        Location.objects.filter(
            location_type="physical", service_at_locations__isnull=False, place__isnull=True
        )
        .distinct()
        .order_by("name", "id")
    )
    return [
        Place.objects.create(
            location=location, slug=unique_slug(location, taken), kind=kind_of(location.name)
        )
        for location in locations
    ]
