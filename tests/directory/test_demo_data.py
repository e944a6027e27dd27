"""The Medway demonstration directory: big enough, realistic, and clearly fictional."""

import re

import pytest

from familyhub.directory.demo import DEMO_SOURCE, load_demo_data, remove_demo_data
from familyhub.directory.models import Location, Organisation, Phone, Service, ServiceArea
from familyhub.postcodes.lookup import miles_between

pytestmark = pytest.mark.django_db
DRAMA_NUMBER = re.compile(r"^01632 960\d{3}$")


def demo_services():
    return Service.objects.filter(source=DEMO_SOURCE)


def test_it_is_big_enough():
    assert demo_services().count() >= 120
    assert Organisation.objects.count() >= 40
    assert Location.objects.count() >= 50


def test_every_level_of_need_and_every_town_is_covered():
    assert set(demo_services().values_list("level_of_need", flat=True)) == {
        "universal",
        "targeted",
        "specialist",
        "statutory",
    }
    towns = set(ServiceArea.objects.filter(area_type="town").values_list("name", flat=True))
    assert {"Chatham", "Gillingham", "Rochester", "Strood", "Rainham", "Hoo Peninsula"} <= towns
    assert {"Chatham", "Gillingham", "Rochester", "Strood", "Rainham", "Hoo Peninsula"} <= set(
        Location.objects.values_list("town", flat=True)
    )


def test_most_support_needs_no_diagnosis():
    assert demo_services().filter(needs_diagnosis=True).count() * 10 < demo_services().count()


def test_contact_details_are_fictional():
    for service in demo_services():
        assert not service.email or service.email.endswith("@example.org"), service.email
        assert not service.url or service.url.startswith("https://example.org"), service.url
        assert not service.phone or DRAMA_NUMBER.match(service.phone), service.phone
    for organisation in Organisation.objects.all():
        assert not organisation.email or organisation.email.endswith("@example.org")
    assert all(DRAMA_NUMBER.match(p.number) for p in Phone.objects.all())


def test_places_are_in_medway():
    for location in Location.objects.all():
        assert miles_between(location.latitude, location.longitude, 51.380, 0.527) < 10


def test_services_have_schedules_costs_languages_and_waits():
    services = demo_services()
    assert services.filter(schedules__isnull=False).distinct().count() >= 60
    assert services.filter(cost_options__amount__gt=0).distinct().exists()
    assert services.filter(languages__code__in=["pl", "ro", "pa", "ur", "ne", "lt"]).exists()
    assert services.filter(typical_wait_weeks__gt=0).count() >= 20


def test_reloading_gives_the_same_ids():
    ids = set(demo_services().values_list("id", flat=True))
    remove_demo_data()
    assert not demo_services().exists()
    load_demo_data()
    assert set(demo_services().values_list("id", flat=True)) == ids
