"""Data managers edit the directory in the admin, with its validation."""

import pytest
from django.urls import reverse

from familyhub.directory.models import Location, Service
from tests import factories as f

pytestmark = pytest.mark.django_db


def service_form(organisation, **overrides):
    data = {
        "organisation": organisation.id,
        "name": "New group",
        "description": "A new group.",
        "status": "active",
        "level_of_need": "universal",
        "access_drop_in": "on",
        "delivered_in_person": "on",
        "minimum_age": "0",
        "maximum_age": "5",
    }
    for prefix in [
        "service_terms",
        "service_at_locations",
        "schedules",
        "cost_options",
        "languages",
        "service_areas",
        "funding",
        "contacts",
    ]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_a_service_with_no_way_to_reach_it_is_refused(admin_client):
    organisation = f.OrganisationFactory()
    response = admin_client.post(reverse("admin:directory_service_add"), service_form(organisation))
    assert response.status_code == 200
    assert "Give at least one way to reach this service" in response.content.decode()
    assert not Service.objects.filter(name="New group").exists()


def test_a_sound_service_is_saved(admin_client):
    organisation = f.OrganisationFactory()
    response = admin_client.post(
        reverse("admin:directory_service_add"), service_form(organisation, phone="01632 960999")
    )
    assert response.status_code == 302
    assert Service.objects.get(name="New group").search_text.startswith("new group")


def test_bad_ages_are_shown_and_what_was_typed_is_kept(admin_client):
    organisation = f.OrganisationFactory()
    response = admin_client.post(
        reverse("admin:directory_service_add"),
        service_form(
            organisation,
            phone="01632 960999",
            minimum_age="9",
            maximum_age="3",
            name="Typed name kept",
        ),
    )
    page = response.content.decode()
    assert "The oldest age must be the same as or more than the youngest age" in page
    assert 'value="Typed name kept"' in page


def test_a_new_location_gets_coordinates_from_its_postcode(admin_client):
    data = {
        "location_type": "physical",
        "name": "New hall",
        "town": "Chatham",
        "addresses-TOTAL_FORMS": "1",
        "addresses-INITIAL_FORMS": "0",
        "addresses-0-address_1": "1 High Street",
        "addresses-0-city": "Chatham",
        "addresses-0-state_province": "Kent",
        "addresses-0-postal_code": "me4 4tr",
        "addresses-0-country": "GB",
        "addresses-0-address_type": "physical",
        "accessibility-TOTAL_FORMS": "0",
        "accessibility-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:directory_location_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    location = Location.objects.get(name="New hall")
    assert location.latitude is not None and 51.3 < location.latitude < 51.45
    assert location.addresses.get().postal_code == "ME4 4TR"


def test_people_who_are_not_staff_cannot_edit(client):
    response = client.get(reverse("admin:directory_service_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]
