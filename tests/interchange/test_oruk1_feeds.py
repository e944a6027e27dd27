"""ORUK 1.0 council feeds (issue 21): read over HTTP a page at a time (`content`, numbered from
0, `last`) and each full record at /services/{id}; at least 98% of records imported, no HTML
shown to families, no delivery mode or access route invented, and every adaptation in the
report. The feed is written for these tests (tests/interchange/oruk1.py)."""

import json

import pytest

from familyhub.directory import models as m
from familyhub.interchange import oruk_import as importing
from familyhub.interchange.models import Outcome, RunStatus
from tests.interchange import oruk1

pytestmark = pytest.mark.django_db


def imported(record) -> m.Service:
    return m.Service._base_manager.select_related("organisation").get(id=record["id"])


@pytest.fixture
def council_run(feed_server):
    records = oruk1.council_feed(60)
    oruk1.serve(feed_server, records, size=25)
    run = importing.import_oruk(feed_server.url + "/services")
    return records, run


def test_a_council_feed_imports_all_but_the_record_with_no_name(council_run, feed_server):
    records, run = council_run

    assert run.status == RunStatus.FINISHED, run.error
    assert run.total == 60
    assert (run.processed, run.created, run.failed) == (60, 59, 1)
    assert (run.created + run.updated) / run.processed >= 0.98
    refused = run.results.get(outcome=Outcome.FAILED)
    assert refused.record_id == records[9]["id"]
    assert refused.reasons == ["In the full record: name: missing (the standard requires it)"]
    pages = sorted({p.split("page=")[1][:1] for p in feed_server.requests if "page=" in p})
    assert pages == ["2", "3"]  # three pages of 25: the last says `last`


def test_no_html_reaches_families(council_run):
    records, _run = council_run

    for record in records[:9] + records[10:]:
        service = imported(record)
        for text in (service.description, service.organisation.description):
            assert "<" not in text and "&amp;" not in text, text
    service = imported(records[1])
    assert service.description == (
        "A weekly group for parents & carers in Gillingham.\n\n"
        "* Play for under 5s\n* Advice on sleep & feeding"
    )
    notes = imported_notes(council_run, 1)
    assert "description: HTML turned into plain text." in notes


def imported_notes(council_run, index) -> str:
    records, run = council_run
    return " | ".join(run.results.get(record_id=records[index]["id"]).notes)


def test_attending_type_and_access_are_read_and_nothing_is_invented(council_run):
    records, _run = council_run

    venue_drop_in = imported(records[0])  # venue, drop-in
    assert venue_drop_in.delivery_modes == ["in_person"]
    assert venue_drop_in.access_routes == ["drop_in"]
    referral = imported(records[1])  # venue, referral
    assert referral.access_routes == ["professional_referral"]
    online = imported(records[2])  # online, appointment
    assert (online.delivery_modes, online.access_routes) == (["online"], ["self_referral"])
    phone = imported(records[3])  # phone, no attending_access
    assert (phone.delivery_modes, phone.access_routes) == (["phone"], [])
    assert "no_access" in phone.review.reasons
    for unknown in (records[6], records[10]):  # no place, no attending_type
        service = imported(unknown)
        assert service.delivery_modes == []
        assert service.status == "held" and "no_delivery" in service.review.reasons
    notes = imported_notes(council_run, 0)
    assert "attending_type “venue”: in person." in notes
    assert "attending_access “drop-in”: families drop in." in notes


def test_what_cannot_be_used_as_given_is_repaired_with_a_note(council_run):
    records, _run = council_run

    bare = imported(records[1])
    assert bare.url == "https://www.example.org/group-1"
    assert bare.organisation.website == "https://example.org"
    assert "url: “www.example.org/group-1” has no https://: added." in imported_notes(
        council_run, 1
    )
    long_url = imported(records[2])
    assert long_url.url == "" and long_url.status != "failed"
    assert (
        "url “https://example.org/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa”: longer than this "
        "directory's 200 characters: left out." in imported_notes(council_run, 2)
    )
    assert imported(records[3]).email == ""
    assert "email: “group3 at example.org” is not an email address: left out." in (
        imported_notes(council_run, 3)
    )
    assert imported(records[4]).organisation.email == "helpers4@example.org"
    no_description = imported(records[0])
    assert no_description.organisation.description == ""
    assert "no_org_description" in no_description.review.reasons


def test_oruk_1_fields_are_read_into_their_3_0_places(council_run):
    records, _run = council_run

    service = imported(records[0])
    assert service.organisation.website == "https://example.org/helpers/0"
    assert service.funding.get().source == "Medway Council"
    assert service.languages.get().code == "en"
    assert service.service_areas.get().name == "Chatham"
    assert service.service_areas.get().area_type == "town"
    assert (service.minimum_age, service.maximum_age) == (0, 5)
    assert service.eligibility_description == "Parents of children under 5"
    link = service.service_at_locations.get()
    address = link.location.addresses.get()
    assert (address.postal_code, address.address_type) == ("ME4 4TR", "physical")
    assert link.location.accessibility.get().description == "Step-free entrance"
    schedule = service.schedules.get()
    assert (schedule.byday, schedule.service_at_location_id) == ("TU", link.id)
    assert str(schedule.opens_at) == "09:30:00"
    elsewhere = imported(records[2]).schedules.get()
    assert (elsewhere.byday, str(elsewhere.opens_at)) == ("MO,WE", "10:00:00")
    assert elsewhere.description == "Mornings"
    assert service.extra["eligibilitys"] == records[0]["eligibilitys"]  # kept, published back
    assert service.extra["attributes"][0]["taxonomy_term"]["name"] == "Parenting support"
    notes = imported_notes(council_run, 0)
    assert notes.startswith("Full record from") and "Read as ORUK 1.0: fundings as funding" in notes


def test_importing_the_same_feed_again_changes_nothing(council_run, feed_server):
    records, first = council_run
    before = m.Service._base_manager.count()

    again = importing.import_oruk(feed_server.url + "/services")

    assert (again.skipped, again.failed, again.created) == (59, 1, 0)
    assert m.Service._base_manager.count() == before


def test_a_file_holding_an_oruk_1_page_is_read_a_record_at_a_time(tmp_path):
    records = oruk1.council_feed(12)
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(oruk1.page(records, 0, 50)), encoding="utf-8")

    run = importing.import_oruk(str(path))

    assert run.status == RunStatus.FINISHED
    assert (run.total, run.processed, run.failed) == (12, 12, 1)


def test_ids_that_are_not_uuids_get_stable_ones_of_their_feed(tmp_path):
    record = oruk1.council_record(1)
    record["id"] = 1502
    record["service_at_locations"][0]["id"] = "7"
    record["service_at_locations"][0]["location"]["id"] = "12"
    path = tmp_path / "council-a.json"
    path.write_text(json.dumps([record]), encoding="utf-8")

    first = importing.import_oruk(str(path))
    again = importing.import_oruk(str(path))
    other = tmp_path / "council-b.json"
    other.write_text(json.dumps([record]), encoding="utf-8")
    elsewhere = importing.import_oruk(str(other))

    assert first.results.get().outcome == Outcome.CREATED
    assert "id 1502 is not a UUID: kept as" in " | ".join(first.results.get().notes)
    assert again.results.get().reasons == ["Unchanged since it was last imported."]
    assert elsewhere.results.get().outcome == Outcome.CREATED  # another feed's 1502
    assert m.Service._base_manager.filter(name="Family group 1").count() == 2


@pytest.mark.parametrize("numbered_from", [0, 1])
def test_pages_numbered_from_0_or_1_are_followed(feed_server, numbered_from):
    records = oruk1.council_feed(7)  # (the record with no name is the tenth)

    def services(query):
        asked = int(query.get("page", ["1"])[0])
        body = oruk1.page(records, asked - 1, 3)
        body["number"] = asked - 1 + numbered_from
        return 200, "application/json", json.dumps(body).encode()

    feed_server.routes["/services"] = services
    for record in records:
        feed_server.json(f"/services/{record['id']}", record)

    run = importing.import_oruk(feed_server.url + "/services")

    assert run.status == RunStatus.FINISHED, run.error
    assert (run.processed, run.created) == (7, 7)
