"""Importing ORUK 3.0 feeds: the official validator's mock feeds (Default imports cleanly and
round-trips to schema-valid ORUK; Fail is reported record by record: records with no name are
refused and write nothing, what can be repaired is, with a note), our own export, paging over
real HTTP, and every way a feed can be broken."""

import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from familyhub.directory import models as m
from familyhub.interchange import export, feed_web, review, writing
from familyhub.interchange import oruk_import as importing
from familyhub.interchange.feed_pages import FeedError
from familyhub.interchange.models import ImportResult, Outcome, RunStatus

pytestmark = pytest.mark.django_db

DEFAULT = "V3.0-UK-Default"
FAIL = "V3.0-UK-Fail"
DEFAULT_SERVICE = uuid.UUID("ac148810-d857-441c-9679-408f346de14b")
DEFAULT_ORGANISATION = uuid.UUID("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")
DEFAULT_LOCATION = uuid.UUID("3a19ff88-4620-4d17-9830-ac1d859eb5d5")


def directory_counts() -> dict:
    return {
        model.__name__: model._base_manager.count()
        for model in m.__dict__.values()
        if isinstance(model, type)
        and hasattr(model, "_meta")
        and model.__module__.startswith("familyhub.directory.models")
    }


def exported() -> dict:
    return json.loads("".join(export.oruk_json()))


def results(run) -> list[ImportResult]:
    return list(run.results.order_by("position"))


# --- the validator's Default feed ---------------------------------------------------------


def test_default_mock_feed_imports_cleanly_with_its_details(mocks):
    run = importing.import_oruk(str(mocks / DEFAULT))

    assert run.status == RunStatus.FINISHED
    assert (run.processed, run.created, run.updated, run.skipped, run.failed) == (1, 1, 0, 0, 0)
    service = m.Service.objects.get(id=DEFAULT_SERVICE)
    assert service.name == "Community Counselling"
    assert service.organisation_id == DEFAULT_ORGANISATION
    assert service.organisation.name == "Example Organization Inc."
    assert service.minimum_age == 12 and service.maximum_age is None  # 100: no upper limit here
    assert str(service.last_checked_on) == "2005-01-01"
    assert service.fees_description == "fees_description"
    location = service.service_at_locations.get().location
    assert location.id == DEFAULT_LOCATION
    assert location.latitude is None  # 100, 101 is not on Earth
    assert location.addresses.get().postal_code == "ABC 1234"  # a US address, kept as given
    assert location.accessibility.count() == 1
    schedule = service.schedules.get()
    assert (schedule.byday, str(schedule.opens_at), str(schedule.closes_at)) == (
        "TH,FR",
        "10:00:00",
        "18:00:00",
    )
    assert service.funding.count() == 1 and service.cost_options.get().amount == 35
    assert service.contacts.get().name == "Ann Persona"


def test_default_mock_feed_report_notes_each_change_made_to_fit(mocks):
    run = importing.import_oruk(str(mocks / DEFAULT))

    notes = " | ".join(run.results.get().notes)
    assert "Full record from service_full.json" in notes
    assert "maximum_age 100 is over this directory's 25" in notes
    assert "latitude 100, longitude 101 is not a place on Earth" in notes
    assert "languages[0] left out" in notes
    assert "1 attribute with terms not in this directory's taxonomies: kept as given." in notes
    assert "No delivery mode in the feed: delivered in person (it has a place with an address)" in (
        notes
    )
    assert "Held for a data manager's review" in notes
    assert "does not give its level of need" in notes


def publish_default_service(admin_user):
    """The Default feed's record waits for review (no level of need, a US address): a data
    manager publishes it."""
    review.publish(
        DEFAULT_SERVICE, by=admin_user, level_of_need="targeted", access_routes=["self_referral"]
    )


def test_default_mock_feed_round_trips_to_schema_valid_oruk(mocks, oruk, admin_user):
    importing.import_oruk(str(mocks / DEFAULT))
    publish_default_service(admin_user)

    page = exported()

    assert oruk.errors(page, "service_list.json") == []
    record = next(item for item in page["contents"] if item["id"] == str(DEFAULT_SERVICE))
    assert oruk.errors(record, "service.json") == []
    assert record["name"] == "Community Counselling"
    assert record["organization"]["id"] == str(DEFAULT_ORGANISATION)
    assert record["service_at_locations"][0]["location"]["id"] == str(DEFAULT_LOCATION)
    assert record["schedules"][0]["byday"] == "TH,FR"
    assert page["total_items"] == m.Service.objects.count() == len(page["contents"])


def test_reimporting_an_unchanged_feed_skips_every_record_with_the_reason(mocks):
    importing.import_oruk(str(mocks / DEFAULT))
    before = directory_counts()

    again = importing.import_oruk(str(mocks / DEFAULT))

    assert (again.skipped, again.created, again.updated) == (1, 0, 0)
    assert again.results.get().reasons == ["Unchanged since it was last imported."]
    assert directory_counts() == before


# --- the validator's Fail feed -------------------------------------------------------------


def test_fail_mock_feed_refuses_records_with_no_name_and_repairs_the_rest(mocks):
    """Records 2 and 3 have no name at all: refused, nothing written. Record 1's list entry has
    no name but its full record does (the one imported): kept, its web address and email (not
    ones) left out, and held for review. Record 4 repeats record 1's id."""
    before = directory_counts()

    run = importing.import_oruk(str(mocks / FAIL))

    assert run.status == RunStatus.FINISHED
    assert (run.processed, run.created, run.failed, run.skipped) == (4, 1, 2, 1)
    first, second, third, fourth = results(run)
    assert first.record_id == fourth.record_id == str(DEFAULT_SERVICE)
    assert first.outcome == Outcome.CREATED
    assert (
        "In the list of services: name: missing (the standard requires it) "
        "(the full record is used)" in first.notes
    )
    assert "email: “email-example_com” is not an email address: left out." in first.notes
    service = m.Service._base_manager.get(id=DEFAULT_SERVICE)
    assert service.status == "held" and service.url == "" and service.email == ""
    assert "no_description" in service.review.reasons  # the Fail feed's full record has none
    for refused in (second, third):
        assert refused.outcome == Outcome.FAILED
        assert refused.reasons == ["name: missing (the standard requires it)"]
    assert "url: “example_counselling” is not a web address: left out." in second.notes
    assert "email: false is not text: left out." in third.notes
    assert fourth.outcome == Outcome.SKIPPED
    after = directory_counts()
    assert after["Service"] == before["Service"] + 1
    assert not m.Service._base_manager.filter(id__in=[second.record_id, third.record_id]).exists()


def test_a_record_with_no_name_leaves_an_existing_record_with_the_same_id_unchanged(
    mocks, tmp_path
):
    importing.import_oruk(str(mocks / DEFAULT))
    service = m.Service._base_manager.get(id=DEFAULT_SERVICE)
    before = directory_counts()
    nameless = json.loads((mocks / DEFAULT / "service_full.json").read_text(encoding="utf-8"))
    del nameless["name"]
    nameless["url"] = "https://example.org/changed"
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([nameless]), encoding="utf-8")

    run = importing.import_oruk(str(path))

    assert run.failed == 1
    service.refresh_from_db()
    assert service.name == "Community Counselling"
    assert service.url == "http://example.com/counselling"
    assert directory_counts() == before


def test_a_record_refused_while_writing_leaves_nothing_half_written(mocks, monkeypatch):
    def refuse(*args, **kwargs):
        raise IntegrityError("refused for the test")

    monkeypatch.setattr(writing, "write_locations", refuse)
    before = directory_counts()

    run = importing.import_oruk(str(mocks / DEFAULT))

    assert run.failed == 1
    assert run.results.get().reasons == ["Not saved: IntegrityError: refused for the test"]
    # The organisation and service were written before the refusal: both rolled back.
    assert not m.Organisation.objects.filter(id=DEFAULT_ORGANISATION).exists()
    assert not m.Service.objects.filter(id=DEFAULT_SERVICE).exists()
    assert directory_counts() == before


# --- over HTTP: the mock feeds served as an ORUK API, and paging ---------------------------


def test_default_feed_over_http_follows_the_list_to_each_full_record(mocks, feed_server):
    feed_server.serve_mock_api(mocks / DEFAULT)

    run = importing.import_oruk(feed_server.url + "/")

    assert run.created == 1, list(run.results.values("reasons"))
    assert f"Full record from {feed_server.url}/services/{DEFAULT_SERVICE}." in (
        run.results.get().notes
    )
    assert m.Service.objects.get(id=DEFAULT_SERVICE).schedules.count() == 1
    assert any(path.startswith("/services?") for path in feed_server.requests)


def test_fail_feed_over_http_reports_every_record(mocks, feed_server):
    feed_server.serve_mock_api(mocks / FAIL)

    run = importing.import_oruk(feed_server.url + "/services")

    assert (run.processed, run.created, run.failed, run.skipped) == (4, 1, 2, 1)
    assert results(run)[2].reasons == ["name: missing (the standard requires it)"]
    assert "email: false is not text: left out." in results(run)[2].notes


def test_pages_are_followed_to_the_last_one(feed_server):
    contents = exported()["contents"][:5]
    pages = [contents[0:2], contents[2:4], contents[4:5]]

    def services(query):
        number = int(query.get("page", ["1"])[0])
        page = {
            "total_items": 5,
            "total_pages": 3,
            "page_number": number,
            "size": len(pages[number - 1]),
            "first_page": number == 1,
            "last_page": number == 3,
            "empty": False,
            "contents": pages[number - 1],
        }
        return 200, "application/json", json.dumps(page).encode()

    feed_server.routes["/services"] = services

    run = importing.import_oruk(feed_server.url + "/services")

    assert run.processed == 5 and run.failed == 0, list(run.results.values("reasons"))
    assert run.total == 5
    assert sorted(r.record_id for r in run.results.all()) == sorted(c["id"] for c in contents)
    pages_asked = [path for path in feed_server.requests if "page=" in path]
    assert [p.split("page=")[1][:1] for p in pages_asked] == ["2", "3"]


def test_a_feed_whose_paging_is_broken_stops_with_a_clear_error(feed_server):
    contents = exported()["contents"][:2]
    stuck = {
        "total_items": 4,
        "total_pages": 2,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
        "contents": contents,
    }
    feed_server.json("/services", stuck)

    run = importing.import_oruk(feed_server.url + "/services")

    assert run.status == RunStatus.FAILED
    assert "asked" in run.error.lower() and "for page 2 and it sent page 1" in run.error
    assert run.processed == 2  # the first page's records were imported and reported


# --- our own export back in: nothing lost ---------------------------------------------------


def _comparable(value):
    """ORUK lists have no set order (PostgreSQL returns rewritten rows in a new order): sort
    lists of records by id; leave out last_modified, which an update rightly changes."""
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items() if k != "last_modified"}
    if isinstance(value, list):
        items = [_comparable(v) for v in value]
        if all(isinstance(v, dict) and "id" in v for v in items):
            items.sort(key=lambda v: v["id"])
        return items
    return value


def _without_timestamps(page):
    return _comparable(page)


def _rows():
    """What the export does not show row by row: each area's kind, each schedule's place."""
    return (
        set(m.ServiceArea.objects.values_list("id", "area_type", "extent_type")),
        set(m.Schedule.objects.values_list("id", "service_id", "service_at_location_id")),
    )


def test_our_own_export_imports_back_without_losing_anything(tmp_path, oruk):
    first = exported()
    path = tmp_path / "export.json"
    path.write_text(json.dumps(first), encoding="utf-8")
    before, rows = directory_counts(), _rows()

    run = importing.import_oruk(str(path))

    assert run.failed == 0, [r.reasons for r in run.results.filter(outcome=Outcome.FAILED)]
    assert run.updated == len(first["contents"]) > 10
    assert directory_counts() == before
    assert _rows() == rows
    assert _without_timestamps(exported()) == _without_timestamps(first)
    kinds = {
        attribute["taxonomy_term"]["name"]
        for service in first["contents"]
        for area in service["service_areas"]
        for attribute in area["attributes"]
    }
    assert kinds == {"Town", "Ward", "Local authority"}


# --- broken input: clear, specific errors --------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<!DOCTYPE html><html>", "is not JSON (it begins “<!DOCTYPE html><html>”)"),
        ("", "is empty: expected ORUK JSON"),
        ('"just text"', "is JSON but not an ORUK feed (str)"),
        ('{"total_items": 1}', "is JSON but not an ORUK feed (an object)"),
    ],
)
def test_a_broken_file_is_refused_with_the_reason(tmp_path, content, message):
    path = tmp_path / "feed.json"
    path.write_text(content, encoding="utf-8")

    run = importing.import_oruk(str(path))

    assert run.status == RunStatus.FAILED
    assert message in run.error
    assert run.processed == 0


def test_a_web_page_that_is_not_json_is_refused(feed_server):
    feed_server.routes["/"] = (200, "text/html", b"<html><body>Welcome</body></html>")

    run = importing.import_oruk(feed_server.url + "/")

    assert run.status == RunStatus.FAILED
    assert run.error == (
        f"{feed_server.url}/ is not JSON (it begins “<html><body>Welcome</body>"
        "</html>”): expected ORUK JSON."
    )


def test_a_missing_page_and_a_server_that_is_down_are_named(feed_server):
    missing = importing.import_oruk(feed_server.url + "/nothing-here")
    url = feed_server.url
    feed_server.close()
    down = importing.import_oruk(url + "/")

    assert missing.error == f"{url}/nothing-here answered 404 Not Found, not 200 OK."
    assert "could not connect" in down.error


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("/no/such/feed.json", "There is no file or folder at /no/such/feed.json."),
        ("ftp://example.org/feed", "only http:// and https:// addresses can be fetched"),
        ("http://", "is not a web address"),
    ],
)
def test_sources_that_cannot_be_read_are_named(source, message):
    run = importing.import_oruk(source)

    assert run.status == RunStatus.FAILED
    assert message in run.error


def test_records_that_are_not_objects_fail_alone(tmp_path):
    good = exported()["contents"][0]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([42, good]), encoding="utf-8")

    run = importing.import_oruk(str(path))

    first, second = results(run)
    assert first.outcome == Outcome.FAILED and first.reasons == ["(record): 42 is not an object"]
    assert second.outcome == Outcome.UPDATED


# --- the command -----------------------------------------------------------------------------


def test_command_imports_and_reports(mocks, capsys):
    call_command("import_oruk", str(mocks / FAIL), "--no-progress")

    out = capsys.readouterr().out
    assert "3. Failed: (no name) [e85f5bb0-62f0-42cc-a08a-0c5c16273090]" in out
    assert "     - name: missing (the standard requires it)" in out
    assert "4 records from" in out and "1 created, 0 updated, 1 skipped, 2 failed" in out


def test_command_shows_a_progress_bar(mocks, capsys):
    call_command("import_oruk", str(mocks / DEFAULT))

    assert "1/1" in capsys.readouterr().err


def test_command_stops_with_the_reason_for_a_broken_source():
    with pytest.raises(CommandError, match="There is no file or folder at /nowhere"):
        call_command("import_oruk", "/nowhere", "--no-progress")


def test_a_record_refused_mid_batch_rolls_back_alone(tmp_path, monkeypatch):
    page = exported()
    records = page["contents"][:3]
    for record in records:
        record["name"] = "Renamed " + record["name"]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    real_write_locations = writing.write_locations

    def refuse_the_second(plans, old):
        # Called once for the batch (all three: refused, rolled back), then once a record.
        second = [p.service.id for p in plans if str(p.service.id) == records[1]["id"]]
        if second:
            m.Service.objects.filter(id=second[0]).update(name="half written")
            raise IntegrityError("refused for the test")
        return real_write_locations(plans, old)

    monkeypatch.setattr(writing, "write_locations", refuse_the_second)

    run = importing.import_oruk(str(path))

    assert [r.outcome for r in results(run)] == [Outcome.UPDATED, Outcome.FAILED, Outcome.UPDATED]
    names = dict(
        m.Service.objects.filter(id__in=[r["id"] for r in records]).values_list("id", "name")
    )
    assert names[uuid.UUID(records[0]["id"])].startswith("Renamed ")
    assert names[uuid.UUID(records[2]["id"])].startswith("Renamed ")
    assert not names[uuid.UUID(records[1]["id"])].startswith(("Renamed ", "half written"))


def test_the_imported_default_service_is_schema_valid_in_the_api_too(
    mocks, oruk, client, admin_user
):
    importing.import_oruk(str(mocks / DEFAULT))
    publish_default_service(admin_user)

    response = client.get(f"/api/oruk/v3/services/{DEFAULT_SERVICE}")

    assert response.status_code == 200
    assert oruk.errors(response.json(), "service.json") == []
    assert response.json()["service_at_locations"][0]["location"]["addresses"][0]["country"] == "US"


def test_command_in_strict_mode_exits_with_an_error_when_records_fail(mocks, capsys):
    with pytest.raises(CommandError, match="2 of 4 records failed"):
        call_command("import_oruk", str(mocks / FAIL), "--no-progress", "--strict")


def test_a_folder_without_a_services_list_is_named(tmp_path):
    (tmp_path / "organization_list.json").write_text("{}", encoding="utf-8")

    run = importing.import_oruk(str(tmp_path))

    assert run.status == RunStatus.FAILED
    assert run.error == (
        f"{tmp_path} has no service_list.json: a feed folder needs the services list (and may "
        "have service_full.json with full records)."
    )


def test_a_service_may_name_an_organisation_already_here_by_its_id(tmp_path):
    organisation = m.Organisation.objects.first()
    unknown = uuid.uuid4()
    records = [
        {
            "id": str(uuid.uuid4()),
            "name": "Known organisation",
            "status": "active",
            "description": "A group.",
            "organization_id": str(organisation.id),
        },
        {
            "id": str(uuid.uuid4()),
            "name": "Unknown organisation",
            "status": "active",
            "description": "A group.",
            "organization_id": str(unknown),
        },
        {
            "id": str(uuid.uuid4()),
            "name": "No organisation",
            "status": "open",
            "description": "A group.",
        },
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(records), encoding="utf-8")

    run = importing.import_oruk(str(path))

    known, not_here, none = results(run)
    assert known.outcome == Outcome.CREATED
    assert m.Service.objects.get(id=records[0]["id"]).organisation == organisation
    assert not_here.reasons == [
        f"organization_id: {unknown} is not an organisation in this directory, and the record "
        "does not describe it"
    ]
    assert none.reasons == ["organization: missing: give organization or organization_id"]
    assert "status “open” is not one of active, inactive, defunct, temporarily closed." in (
        none.notes
    )


def test_a_record_repeated_in_a_feed_is_used_once(tmp_path):
    record = exported()["contents"][0]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([record, record, record]), encoding="utf-8")

    run = importing.import_oruk(str(path))

    assert [r.outcome for r in results(run)] == [Outcome.UPDATED, Outcome.SKIPPED, Outcome.SKIPPED]
    assert results(run)[2].reasons == [
        "The same id as record 1 of this feed: only the first is used."
    ]


def test_an_api_refusing_the_full_parameter_is_read_without_it(mocks, feed_server):
    feed_server.serve_mock_api(mocks / DEFAULT)
    summaries = feed_server.routes["/services"]

    def services(query):
        if "full" in query:
            return 400, "application/json", b'{"error": "unknown parameter full"}'
        return summaries

    feed_server.routes["/services"] = services

    run = importing.import_oruk(feed_server.url + "/")

    assert run.created == 1
    assert [p for p in feed_server.requests if p.startswith("/services?")][-1].count("full") == 0


# --- runs started from a page fetch only from the public internet --------------------------


def test_a_page_run_refuses_a_feed_inside_our_network_when_it_runs(feed_server):
    feed_server.json("/", {"version": "HSDS-UK-3.0"})
    run = importing.start_run(feed_server.url + "/", public_only=True)

    importing.run_oruk_import(run)

    assert run.status == RunStatus.FAILED
    assert "127.0.0.1 is inside a private network" in run.error
    assert feed_server.requests == []  # refused before anything was fetched


def test_a_page_run_checks_every_redirect(feed_server, mocks, monkeypatch):
    def only_numeric_hosts(url):  # stands in for the address check: "localhost" is private
        if "//localhost" in url:
            raise FeedError(f"{url} is inside a private network")
        return url

    monkeypatch.setattr(feed_web, "check_public_address", only_numeric_hosts)
    inside = feed_server.url.replace("127.0.0.1", "localhost") + "/services"
    feed_server.routes["/moved"] = (302, "text/plain", b"", {"Location": "/services"})
    feed_server.routes["/sneaky"] = (302, "text/plain", b"", {"Location": inside})
    feed_server.serve_mock_api(mocks / DEFAULT)

    followed = importing.run_oruk_import(
        importing.start_run(feed_server.url + "/moved", public_only=True)
    )
    refused = importing.run_oruk_import(
        importing.start_run(feed_server.url + "/sneaky", public_only=True)
    )

    assert followed.status == RunStatus.FINISHED and followed.processed == 1
    assert refused.status == RunStatus.FAILED
    assert refused.error == f"{inside} is inside a private network"
    assert feed_server.requests.count("/services") == 1  # only the allowed redirect reached it
