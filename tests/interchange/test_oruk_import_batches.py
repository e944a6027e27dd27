"""Importing in batches (issue 6): a batch's records are written together, and a batch the
database refuses is written again record by record. Whatever the batching, each record is
reported on its own, a failing record writes nothing, and imported services are found by search
(SQLite FTS5 and PostgreSQL tsvector alike: the suite runs on both)."""

import json
import uuid

import pytest

from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.directory.search.request import build_search_request
from familyhub.directory.search.service import search_services
from familyhub.interchange import oruk_import as importing
from familyhub.interchange.models import FeedRecord, ImportResult, Outcome, RunStatus

pytestmark = pytest.mark.django_db


def record(name="Sleep clinic", description="Help with bedtimes.", **changes) -> dict:
    """A full ORUK service record with new ids throughout: its own organisation and place,
    an address, a schedule at the place and one of the service, languages, a cost, a contact
    with a phone, and a need."""
    ids = {key: str(uuid.uuid4()) for key in "service org place link address access".split()}
    service = ids["service"]
    data = {
        "id": service,
        "name": name,
        "description": description,
        "status": "active",
        "organization": {
            "id": ids["org"],
            "name": f"{name} providers",
            "description": "A charity.",
        },
        "service_at_locations": [
            {
                "id": ids["link"],
                "location": {
                    "id": ids["place"],
                    "location_type": "physical",
                    "name": f"{name} centre",
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
                    "accessibility": [{"id": ids["access"], "description": "Step-free"}],
                },
                "schedules": [
                    {"id": str(uuid.uuid4()), "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00"}
                ],
            }
        ],
        "schedules": [{"id": str(uuid.uuid4()), "freq": "WEEKLY", "byday": "TU,TH"}],
        "languages": [
            {"id": str(uuid.uuid4()), "name": "English", "code": "en"},
            {"id": str(uuid.uuid4()), "name": "Polish", "code": "pl"},
        ],
        "cost_options": [{"id": str(uuid.uuid4()), "amount": 3.5, "option": "Per session"}],
        "contacts": [
            {
                "id": str(uuid.uuid4()),
                "name": "Ann",
                "phones": [{"id": str(uuid.uuid4()), "number": "01634 000000"}],
            }
        ],
        "attributes": [
            {"id": str(uuid.uuid4()), "taxonomy_term_id": str(ref.term_id(ref.NEEDS, "sleep"))},
            # The partnership's own fields: without them a record waits for review.
            {"id": str(uuid.uuid4()), "taxonomy_term_id": str(ref.term_id(ref.LEVEL, "targeted"))},
            {
                "id": str(uuid.uuid4()),
                "taxonomy_term_id": str(ref.term_id(ref.ACCESS, "self_referral")),
            },
        ],
    }
    data.update(changes)
    return data


def import_records(tmp_path, records, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return importing.import_oruk(str(path))


def outcomes(run) -> list[str]:
    return list(run.results.order_by("position").values_list("outcome", flat=True))


def written_of(data: dict) -> dict:
    """How many rows each part of one record has in the database."""
    link = data["service_at_locations"][0]
    place = link["location"]
    return {
        "service": m.Service.objects.filter(id=data["id"]).count(),
        "organisation": m.Organisation.objects.filter(id=data["organization"]["id"]).count(),
        "place": m.Location.objects.filter(id=place["id"]).count(),
        "address": m.Address.objects.filter(id=place["addresses"][0]["id"]).count(),
        "link": m.ServiceAtLocation.objects.filter(id=link["id"]).count(),
        "schedules": m.Schedule.objects.filter(
            id__in=[s["id"] for s in data["schedules"] + link["schedules"]]
        ).count(),
        "languages": m.Language.objects.filter(id__in=[x["id"] for x in data["languages"]]).count(),
        "phone": m.Phone.objects.filter(id=data["contacts"][0]["phones"][0]["id"]).count(),
        "terms": m.ServiceTerm.objects.filter(id=data["attributes"][0]["id"]).count(),
        "feed record": FeedRecord.objects.filter(record_id=data["id"]).count(),
    }


ALL_OF_IT = {
    "service": 1,
    "organisation": 1,
    "place": 1,
    "address": 1,
    "link": 1,
    "schedules": 2,
    "languages": 2,
    "phone": 1,
    "terms": 1,
    "feed record": 1,
}
NOTHING = dict.fromkeys(ALL_OF_IT, 0)


def found_by(words: str) -> set[str]:
    results = search_services(build_search_request({"text": words, "per_page": 100}))
    return {str(hit.service.id) for hit in results.hits}


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(importing, "BATCH_SIZE", 3)


def test_a_batch_with_an_invalid_record_writes_the_others_and_nothing_of_it(tmp_path):
    good, bad, other = record("Good one"), record("Bad one"), record()
    bad["name"] = ""  # a record with no name cannot be used

    run = import_records(tmp_path, [good, bad, other])

    assert outcomes(run) == [Outcome.CREATED, Outcome.FAILED, Outcome.CREATED]
    assert run.results.get(position=2).reasons == ["name: missing (the standard requires it)"]
    assert written_of(good) == written_of(other) == ALL_OF_IT
    assert written_of(bad) == NOTHING


def test_a_record_the_database_refuses_fails_alone_and_the_rest_of_its_batch_is_written(
    tmp_path, small_batches
):
    first = record("First")
    # The same first 63 bits as the first record's id: the same search_key, which the database
    # refuses (unique) and no check before writing looks at. The batch is refused whole, then
    # written record by record.
    clash_id = uuid.UUID(bytes=uuid.UUID(first["id"]).bytes[:8] + uuid.uuid4().bytes[8:])
    clash = record("Clash", id=str(clash_id))
    last = record("Last")
    before = m.Service.objects.count()

    run = import_records(tmp_path, [first, clash, last])

    assert run.status == RunStatus.FINISHED
    assert outcomes(run) == [Outcome.CREATED, Outcome.FAILED, Outcome.CREATED]
    (reason,) = run.results.get(position=2).reasons
    assert reason.startswith("Not saved: IntegrityError: ")
    assert "search_key" in reason
    assert written_of(first) == written_of(last) == ALL_OF_IT
    assert written_of(clash) == NOTHING
    assert m.Service.objects.count() == before + 2
    assert (run.processed, run.created, run.failed) == (3, 2, 1)


def test_a_refused_record_in_a_later_batch_leaves_the_batches_before_it_written(
    tmp_path, small_batches
):
    records = [record(f"Service {n}") for n in range(5)]
    clash_id = uuid.UUID(bytes=uuid.UUID(records[0]["id"]).bytes[:8] + bytes(8))
    records.append(record("Clash", id=str(clash_id)))  # second batch: 4, 5, 6
    records.append(record("After"))

    run = import_records(tmp_path, records)

    assert outcomes(run) == [Outcome.CREATED] * 5 + [Outcome.FAILED, Outcome.CREATED]
    assert all(written_of(data) == ALL_OF_IT for data in records[:5] + records[6:])
    assert written_of(records[5]) == NOTHING
    assert ImportResult.objects.filter(run=run).count() == 7


def test_a_record_may_name_an_organisation_and_place_described_earlier_in_its_batch(tmp_path):
    first = record("First")
    place_id = first["service_at_locations"][0]["location"]["id"]
    second = record("Second")
    del second["organization"]
    second["organization_id"] = first["organization"]["id"]
    second["service_at_locations"] = [{"id": str(uuid.uuid4()), "location_id": place_id}]

    run = import_records(tmp_path, [first, second])

    assert outcomes(run) == [Outcome.CREATED, Outcome.CREATED], list(
        run.results.values_list("reasons", flat=True)
    )
    service = m.Service.objects.get(id=second["id"])
    assert str(service.organisation_id) == first["organization"]["id"]
    assert [str(link.location_id) for link in service.service_at_locations.all()] == [place_id]


def test_a_record_naming_an_organisation_only_a_failed_record_described_fails_too(
    tmp_path, small_batches
):
    first = record("First")
    del first["name"]
    second = record("Second")
    del second["organization"]
    second["organization_id"] = first["organization"]["id"]

    run = import_records(tmp_path, [first, second])

    assert outcomes(run) == [Outcome.FAILED, Outcome.FAILED]
    assert run.results.get(position=2).reasons == [
        f"organization_id: {first['organization']['id']} is not an organisation in this "
        "directory, and the record does not describe it"
    ]


def test_imported_services_are_found_by_search_and_an_update_changes_what_finds_them(tmp_path):
    data = record("Quibbleton sleep clinic", "Bedtime help for zorblaxian families.")
    data["organization"]["name"] = "Frobnitz Trust"
    others = [record() for _ in range(3)]

    import_records(tmp_path, [data, *others])

    assert found_by("quibbleton") == {data["id"]}  # the name
    assert found_by("zorblaxian") == {data["id"]}  # the description
    assert found_by("frobnitz") == {data["id"]}  # the organisation's name

    changed = dict(data, description="Bedtime help for wibblewobble families.")
    run = import_records(tmp_path, [changed, *others], name="changed.json")

    assert outcomes(run) == [Outcome.UPDATED] + [Outcome.SKIPPED] * 3
    assert found_by("wibblewobble") == {data["id"]}
    assert found_by("zorblaxian") == set()
    assert found_by("quibbleton") == {data["id"]}


def test_an_update_replaces_the_details_a_record_no_longer_has(tmp_path):
    data = record()
    import_records(tmp_path, [data])
    service = m.Service.objects.get(id=data["id"])
    polish = data["languages"][1]["id"]

    changed = json.loads(json.dumps(data))
    changed["languages"] = changed["languages"][:1]
    changed["schedules"][0]["byday"] = "FR"
    changed["service_at_locations"][0]["schedules"] = []
    changed["contacts"][0]["phones"][0]["number"] = "01634 999999"
    changed["attributes"].append(
        {"id": str(uuid.uuid4()), "taxonomy_term_id": str(ref.term_id(ref.NEEDS, "behaviour"))}
    )
    run = import_records(tmp_path, [changed], name="changed.json")

    assert outcomes(run) == [Outcome.UPDATED]
    again = m.Service.objects.get(id=data["id"])
    assert again.created_at == service.created_at
    assert again.last_modified > service.last_modified
    assert list(again.languages.values_list("code", flat=True)) == ["en"]
    assert not m.Language.objects.filter(id=polish).exists()
    assert list(again.schedules.values_list("byday", flat=True)) == ["FR"]
    link = again.service_at_locations.get()
    assert not link.schedules.exists()
    assert m.Phone.objects.get(contact__service=again).number == "01634 999999"
    assert again.service_terms.count() == 2


def test_a_record_repeated_across_batches_is_used_once(tmp_path, small_batches):
    data = record()
    others = [record() for _ in range(3)]

    run = import_records(tmp_path, [data, *others, data])

    assert outcomes(run) == [Outcome.CREATED] * 4 + [Outcome.SKIPPED]
    assert run.results.get(position=5).reasons == [
        "The same id as record 1 of this feed: only the first is used."
    ]


def test_a_run_leaves_the_garbage_collector_as_it_found_it(tmp_path, monkeypatch):
    import gc

    seen = []
    real_import_all = importing.Importer.import_all

    def import_all(self, progress):
        seen.append((gc.get_freeze_count(), gc.isenabled()))
        return real_import_all(self, progress)

    collections = []
    real_collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *a: collections.append(a) or real_collect(*a))
    monkeypatch.setattr(importing.Importer, "import_all", import_all)
    gc.unfreeze()

    import_records(tmp_path, [record()])

    frozen, collecting = seen[0]
    assert frozen > 0  # what existed at the start was set aside while records were written
    assert not collecting  # and the collector paused, ...
    assert collections  # ... to run now and then instead (and once at the end)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
