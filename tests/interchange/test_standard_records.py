"""The standards' own full records import, and come back field by field (issue 21).

HSDS 3.0's and the UK profile's `service_full.json` examples are read from ORUK_SPEC_DIR (never
copied here); an HSDS 3.1 record, in the 3.1 shapes (capacities, additional_urls, an attribute's
label, service areas of a service at a place, a phone's extension as a number), is written
below. Each is imported, published by a data manager (it waits for review: no level of need
given) and exported; every field it gave must be in the export with the same value, except the
few this directory deliberately adapts, each with a note on the import report.
"""

import copy
import json
import uuid

import pytest

from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.interchange import export, review
from familyhub.interchange import oruk_import as importing
from familyhub.interchange.models import Outcome
from tests.interchange.roundtrip import lost_fields

pytestmark = pytest.mark.django_db

SERVICE = "ac148810-d857-441c-9679-408f346de14b"
SCHEDULE = "48102e86-bb50-41c4-8f1e-e269368c41d1"
LINK = "e94c9f38-1e8f-4564-91d4-d53501ab1765"
# What this directory adapts in the standards' example (all fictional, from nowhere), and the
# note that says so on the report.
ADAPTED = {
    "maximum_age": "maximum_age 100 is over this directory's 25: kept as no upper age limit.",
    f"service_at_locations[{LINK}].location.latitude": "latitude 100, longitude 101 is not a "
    "place on Earth: left out.",
    f"service_at_locations[{LINK}].location.longitude": "latitude 100, longitude 101 is not a "
    "place on Earth: left out.",
    "organization.parent_organization_id": "Parent organisation "
    "cd09a387-91f4-4555-94ec-e799c35344cd is not in this directory: not linked.",
    "last_modified": "",  # this directory's own: when it last changed here
}


def import_and_publish(tmp_path, record, admin_user):
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    run = importing.import_oruk(str(path))
    result = run.results.get()
    assert result.outcome == Outcome.CREATED, result.reasons
    review.publish(
        uuid.UUID(record["id"]),
        by=admin_user,
        level_of_need="targeted",
        access_routes=["self_referral"],
    )
    page = json.loads("".join(export.oruk_json(m.Service.objects.filter(id=record["id"]))))
    (published,) = page["contents"]
    return result, published


def test_hsds_3_0_full_record_imports_and_comes_back_field_by_field(
    tmp_path, standards, admin_user, oruk
):
    record = json.loads((standards / "hsds-3.0/examples/service_full.json").read_text("utf-8"))
    assert isinstance(record["phones"][0]["extension"], int)  # what used to refuse it

    result, published = import_and_publish(tmp_path, record, admin_user)

    lost = set(lost_fields(record, published))
    # Also given for the whole service under the same id: kept once, at its place.
    assert lost == {*ADAPTED, f"schedules[{SCHEDULE}]"}
    notes = " | ".join(result.notes)
    for path, note in ADAPTED.items():
        assert note in notes, path
    assert f"schedule {SCHEDULE} is given for the service and for this place: kept once" in notes
    assert oruk.errors(published, "service.json") == []
    # What this directory does not show, back as it was given:
    assert published["interpretation_services"] == record["interpretation_services"]
    assert published["required_documents"] == record["required_documents"]
    assert published["program"] == record["program"]
    assert published["phones"] == record["phones"]  # type, languages, extension 100
    link = published["service_at_locations"][0]
    assert link["contacts"] == record["service_at_locations"][0]["contacts"]
    assert link["schedules"][0]["id"] == SCHEDULE
    assert published["attributes"][-1] == record["attributes"][0]  # a term not held here
    assert published["service_areas"][0]["extent_type"] == "geojson"


def test_the_uk_profile_full_record_imports_and_comes_back(tmp_path, standards, admin_user, oruk):
    path = standards / "oruk-uk-profile/examples/service_full.json"
    record = json.loads(path.read_text("utf-8"))

    result, published = import_and_publish(tmp_path, record, admin_user)

    lost = set(lost_fields(record, published))
    language = record["languages"][0]["id"]  # the profile's language has only an id
    assert lost == {*ADAPTED, f"languages[{language}]"}
    assert "languages[0] left out: code: This field cannot be blank." in " | ".join(result.notes)
    assert published["fees"] == record["fees"]  # ORUK's name for it
    access = published["service_at_locations"][0]["location"]["accessibility"][0]
    assert access["accessibility"] == access["description"]
    assert oruk.errors(published, "service.json") == []


def hsds_3_1_record() -> dict:
    """A full HSDS 3.1 record (our own words), in a Medway place, with the fields 3.1 added."""
    ids = {name: str(uuid.uuid4()) for name in "service org link place address phone".split()}
    sleep = str(ref.term_id(ref.NEEDS, "sleep"))
    return {
        "id": ids["service"],
        "name": "Little Owls bedtime group",
        "description": "A friendly group for parents of babies who do not settle at night.",
        "status": "active",
        "url": "https://example.org/little-owls",
        "additional_urls": [
            {"id": str(uuid.uuid4()), "label": "Booking", "url": "https://example.org/book"}
        ],
        "capacities": [
            {
                "id": str(uuid.uuid4()),
                "unit": {"id": str(uuid.uuid4()), "name": "Place", "scheme": "local"},
                "available": 4,
                "maximum": 12,
                "description": "Places each week.",
                "updated": "2026-11-01T09:00:00Z",
            }
        ],
        "phones": [
            {"id": ids["phone"], "number": "01632 960123", "extension": 204, "type": "voice"}
        ],
        "organization": {
            "id": ids["org"],
            "name": "Little Owls CIC",
            "description": "A community interest company in Chatham.",
            "additional_websites": [
                {"id": str(uuid.uuid4()), "label": "News", "url": "https://example.org/news"}
            ],
        },
        "service_at_locations": [
            {
                "id": ids["link"],
                "service_areas": [
                    {
                        "id": str(uuid.uuid4()),
                        "name": "Chatham",
                        "extent_type": "geojson",
                        "extent": '{"type": "Point", "coordinates": [0.52, 51.38]}',
                    }
                ],
                "location": {
                    "id": ids["place"],
                    "location_type": "physical",
                    "name": "Chatham Family Hub",
                    "latitude": 51.38,
                    "longitude": 0.52,
                    "addresses": [
                        {
                            "id": ids["address"],
                            "address_1": "1 High Street",
                            "city": "Chatham",
                            "state_province": "Kent",
                            "postal_code": "ME4 4TR",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
                "schedules": [
                    {
                        "id": str(uuid.uuid4()),
                        "freq": "WEEKLY",
                        "byday": "TU",
                        "opens_at": "19:00",
                        "closes_at": "20:30",
                        "attending_type": "In person at the hub, or by video call",
                    }
                ],
            }
        ],
        "attributes": [
            {
                "id": str(uuid.uuid4()),
                "link_type": "service",
                "taxonomy_term_id": sleep,
                "taxonomy_term": {"id": sleep, "name": "Sleep"},
                "label": "Sleep support",
            }
        ],
    }


def test_an_hsds_3_1_record_comes_back_with_its_3_1_fields(tmp_path, admin_user, oruk):
    record = hsds_3_1_record()

    result, published = import_and_publish(tmp_path, copy.deepcopy(record), admin_user)

    assert lost_fields(record, published) == []
    assert published["capacities"] == record["capacities"]
    assert published["additional_urls"] == record["additional_urls"]
    assert (
        published["organization"]["additional_websites"]
        == (record["organization"]["additional_websites"])
    )
    link = published["service_at_locations"][0]
    assert link["service_areas"] == record["service_at_locations"][0]["service_areas"]
    sleep = next(a for a in published["attributes"] if a["id"] == record["attributes"][0]["id"])
    assert sleep["label"] == "Sleep support"
    assert published["phones"][0]["extension"] == 204
    assert oruk.errors(published, "service.json") == []
    service = m.Service.objects.get(id=record["id"])
    assert service.service_terms.get().taxonomy_term.code == "sleep"  # a need, linked here


def test_a_round_trip_of_the_3_1_record_again_changes_nothing(tmp_path, admin_user):
    record = hsds_3_1_record()
    _result, first = import_and_publish(tmp_path, record, admin_user)
    path = tmp_path / "again.json"
    path.write_text(json.dumps([first]), encoding="utf-8")

    again = importing.import_oruk(str(path))

    assert again.results.get().outcome == Outcome.UPDATED
    second = json.loads("".join(export.oruk_json(m.Service.objects.filter(id=record["id"]))))
    assert (
        lost_fields({k: v for k, v in first.items() if k != "last_modified"}, second["contents"][0])
        == []
    )
