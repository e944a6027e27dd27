"""Every directory location with a service gets a place page; existing places are kept."""

import pytest

from familyhub.places.making import kind_of, make_places
from familyhub.places.models import Place, PlaceKind
from tests.factories import LocationFactory, ServiceAtLocationFactory

pytestmark = pytest.mark.django_db


def test_places_are_made_once_with_their_kind_and_a_unique_slug():
    first = LocationFactory(name="Chatham Family Hub")
    twin = LocationFactory(name="Chatham Family Hub")
    for location in (first, twin):
        ServiceAtLocationFactory(location=location)
    LocationFactory(name="No services here")
    made = make_places()
    slugs = {place.location_id: place.slug for place in made}
    assert Place.objects.get(location=first).kind == PlaceKind.FAMILY_HUB
    assert slugs[first.pk] != slugs[twin.pk]
    assert not Place.objects.filter(location__name="No services here").exists()
    assert make_places() == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Strood Library", PlaceKind.LIBRARY),
        ("City Way Clinic", PlaceKind.HEALTH),
        ("Star Hill Youth Centre", PlaceKind.YOUTH),
        ("Hoo Village Hall", PlaceKind.COMMUNITY),
    ],
)
def test_kind_from_the_name(name, kind):
    assert kind_of(name) == kind
