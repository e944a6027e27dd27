"""What an import repairs rather than refuses (decision 0020), one case at a time: each is kept,
changed only as far as it must be, and said in a note on the report."""

import json
import uuid

import pytest

from familyhub.directory import models as m
from familyhub.interchange.models import Outcome
from tests.interchange.test_oruk_import_batches import import_records, record

pytestmark = pytest.mark.django_db


def imported(tmp_path, data):
    run = import_records(tmp_path, [data])
    result = run.results.get()
    assert result.outcome == Outcome.CREATED, result.reasons
    service = m.Service._base_manager.select_related("organisation").get(id=data["id"])
    return service, " | ".join(result.notes)


def test_an_organisation_given_only_by_its_id_is_the_one_here(tmp_path):
    organisation = m.Organisation.objects.first()
    data = record("By reference")
    data["organization"] = {"id": str(organisation.id)}

    service, notes = imported(tmp_path, data)

    assert service.organisation == organisation
    assert "organization gives no name: the organisation with its id here is used." in notes


@pytest.mark.parametrize(
    ("given", "status", "held"), [("Active", "active", False), (None, "held", True)]
)
def test_a_status_is_read_in_any_case_and_a_missing_one_waits(tmp_path, given, status, held):
    data = record("Status")
    data["status"] = given

    service, _notes = imported(tmp_path, data)

    assert service.status == status
    if held:
        assert service.review.reasons == ["no_status"]
    else:
        assert not hasattr(service, "review")  # published at once


def test_ages_that_cannot_be_right_are_left_out(tmp_path):
    backwards = record("Backwards", minimum_age=10, maximum_age=4)
    adults = record("Adults", minimum_age=30)

    service, notes = imported(tmp_path, backwards)
    grown, grown_notes = imported(tmp_path, adults)

    assert (service.minimum_age, service.maximum_age) == (None, None)
    assert "minimum_age 10 is over maximum_age 4: both left out." in notes
    assert grown.minimum_age is None and "adults" in grown.review.reasons
    assert "minimum_age 30 is over 25: left out." in grown_notes


def test_day_names_and_date_times_in_schedules_are_read(tmp_path):
    data = record("Days")
    data["schedules"] = [
        {
            "id": str(uuid.uuid4()),
            "byday": "Monday, Wed",
            "opens_at": "1970-01-01T09:00:00",
            "closes_at": "11:30:00+01:00",
        }
    ]

    service, notes = imported(tmp_path, data)

    schedule = service.schedules.get(service_at_location__isnull=True)
    assert (schedule.byday, str(schedule.opens_at), str(schedule.closes_at)) == (
        "MO,WE",
        "09:00:00",
        "11:30:00",
    )
    assert "schedules[0].byday “Monday, Wed” read as MO,WE." in notes


def test_service_areas_keep_their_extent_and_say_their_kind(tmp_path):
    shape = {"type": "Polygon", "coordinates": [[[0.5, 51.3], [0.6, 51.3], [0.5, 51.4]]]}
    data = record("Areas")
    data["service_areas"] = [
        {"id": str(uuid.uuid4()), "name": "North Kent", "extent": shape, "extent_type": "GeoJSON"},
        {"id": str(uuid.uuid4()), "name": "Gillingham", "extent_type": "town"},  # older ours
        {"id": str(uuid.uuid4()), "name": "Medway"},
        {"id": str(uuid.uuid4()), "name": "Kent", "extent_type": "polygon"},
    ]

    service, notes = imported(tmp_path, data)

    areas = {area.name: area for area in service.service_areas.all()}
    assert json.loads(areas["North Kent"].extent) == shape
    assert (areas["North Kent"].extent_type, areas["North Kent"].area_type) == ("geojson", "")
    assert (areas["Gillingham"].area_type, areas["Gillingham"].extent_type) == ("town", "")
    assert areas["Medway"].area_type == "local_authority"
    assert areas["Kent"].extent_type == ""
    assert "service_areas[0].extent is an object: kept as its JSON text." in notes
    assert "extent_type “town” is the kind of area, not the format of its extent" in notes
    assert "extent_type “polygon” is not a format of an extent" in notes


def test_addresses_in_the_uk_are_read_however_the_country_is_written(tmp_path):
    data = record("Countries")
    address = data["service_at_locations"][0]["location"]["addresses"][0]
    address.update(country="United Kingdom", postal_code="me44tr", state_province=None)

    service, _notes = imported(tmp_path, data)

    stored = service.service_at_locations.get().location.addresses.get()
    assert (stored.country, stored.postal_code, stored.state_province) == ("GB", "ME4 4TR", "")


def test_a_language_given_by_its_code_alone_is_named(tmp_path):
    data = record("Languages")
    data["languages"] = [
        {"id": str(uuid.uuid4()), "code": "pl"},
        {"id": str(uuid.uuid4()), "name": "pl"},
    ]

    service, notes = imported(tmp_path, data)

    assert sorted(service.languages.values_list("code", "name")) == [
        ("pl", "Polish"),
        ("pl", "Polish"),
    ]
    assert "languages[0]: no name: Polish for “pl”." in notes
