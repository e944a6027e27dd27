"""Places for the demonstration directory: every location with a service becomes a place, its
kind read from its name, with opening times and directions for the family hubs and libraries
(realistic, not the council's real hours)."""

from django.db import transaction
from django.utils.text import slugify

from familyhub.directory.models import Location
from familyhub.places.models import Place, PlaceKind

KIND_WORDS = [
    ("family hub", PlaceKind.FAMILY_HUB),
    ("children's centre", PlaceKind.CHILDRENS_CENTRE),
    ("library", PlaceKind.LIBRARY),
    ("clinic", PlaceKind.HEALTH),
    ("hospital", PlaceKind.HEALTH),
    ("leisure", PlaceKind.LEISURE),
    ("sports centre", PlaceKind.LEISURE),
    ("medway park", PlaceKind.LEISURE),
    ("pool", PlaceKind.LEISURE),
    ("youth", PlaceKind.YOUTH),
]
OPENING = {
    PlaceKind.FAMILY_HUB: "Monday to Friday, 9am to 5pm\nSome evening and Saturday sessions: "
    "see what's on\nClosed on bank holidays",
    PlaceKind.LIBRARY: "Monday to Friday, 9am to 5pm\nSaturday, 9am to 4pm\nClosed on Sundays "
    "and bank holidays",
}
GETTING_THERE = {
    "Chatham": "A short walk from Chatham railway station and the Pentagon bus station. "
    "Pay and display parking nearby.",
    "Gillingham": "Buses stop nearby; Gillingham railway station is about 10 minutes' walk.",
    "Rochester": "Rochester railway station is about 10 minutes' walk; buses along the High "
    "Street and Maidstone Road.",
    "Strood": "Strood railway station is about 10 minutes' walk; buses from Strood town centre.",
    "Rainham": "Rainham railway station is about 10 minutes' walk; buses along the A2.",
    "Hoo Peninsula": "Buses from Chatham and Strood; free parking on site.",
}


def kind_of(name: str) -> str:
    lowered = name.lower()
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
def load_demo_places() -> int:
    """A place for every location with a service (kept if it is there already)."""
    taken = set(Place.objects.values_list("slug", flat=True))
    made = 0
    locations = Location.objects.filter(
        service_at_locations__isnull=False, place__isnull=True
    ).distinct()
    for location in locations:
        kind = kind_of(location.name)
        Place.objects.create(
            location=location,
            slug=unique_slug(location, taken),
            kind=kind,
            opening_times=OPENING.get(kind, ""),
            getting_there=GETTING_THERE.get(location.town, "")
            if kind in (PlaceKind.FAMILY_HUB, PlaceKind.LIBRARY)
            else "",
        )
        made += 1
    return made
