"""The fast ways through an import and an export give what the plain ways give (issue 22).

The export's records made from rows (export_rows.py) are, byte for byte, the ORUK serializers'
(the API's) for every service: the demo directory's and imported feeds' (with the fields this
directory keeps but does not show). An import whose records are read ahead by workers
(pre_read.py), each batch's records sent to them and their readings sent back as a worker
process's are (pickled), reports and writes exactly what the plain import does: records
refused, repaired, repeated, naming an organisation by id only, across batch boundaries. And on
PostgreSQL (where a second process can see the test database), real worker processes: the
export and the import with workers give the same as with none.
"""

import copy
import json
import pickle
import uuid

import pytest
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from familyhub.directory import models as m
from familyhub.directory.models.services import search_terms_of
from familyhub.directory.oruk import serializers as s
from familyhub.directory.oruk.views import full_service_queryset
from familyhub.interchange import export, export_rows, parallel, pre_read, upsert
from familyhub.interchange import oruk_import as importing
from tests.interchange.test_oruk_import_batches import record

MOCKS = ["V3.0-UK-Default", "V3.0-UK-Fail", "V3.0-UK-Warn", "V3.0-UK-Test", "V1.0-UK-Default"]


def serializers_json(ids) -> str:
    """The records as the serializers make them (as the export did before export_rows.py)."""
    context = {"terms_by_id": export._partnership_terms()}
    by_id = {service.id: service for service in full_service_queryset().filter(id__in=ids)}
    data = s.ServiceFullSerializer([by_id[i] for i in ids], many=True, context=context).data
    return ",\n".join(json.dumps(item, cls=DjangoJSONEncoder) for item in data)


def feed_records(mocks) -> list:
    """Every record of the validator's mock feeds, and records of our own making: whole ones,
    one repeated, one with no name, one naming an existing organisation by id alone."""
    records = []
    for name in MOCKS:
        for file in ("service_list.json", "service_full.json"):
            path = mocks / name / file
            if path.exists():
                data = json.loads(path.read_text(encoding="utf-8"))
                listed = data.get("contents", data.get("content"))
                records += listed if isinstance(listed, list) else [data]
    whole = [
        record(
            f"Sleep clinic {n}",
            description="<p>Help with <b>bedtimes</b>.</p>" if n % 3 == 0 else "Help.",
            email="not an address" if n % 4 == 0 else "clinic@example.org",
            url="www.example.org" if n % 5 == 0 else "https://example.org",
            minimum_age=9 if n % 6 == 0 else 0,
            maximum_age=4,
        )
        for n in range(30)
    ]
    by_id = record("Named by id")
    del by_id["organization"]
    by_id["organization_id"] = str(m.Organisation.objects.order_by("id").first().id)
    nameless = record("No name")
    del nameless["name"]
    # Two records of one organisation, its name changed in the second: the first service's
    # search text is made with the name written (the batch's last), not the one it gave.
    shared, renamed = record("Shared organisation"), record("Renamed organisation")
    renamed["organization"] = {**shared["organization"], "name": "Renamed providers"}
    return records + whole + [whole[1], nameless, by_id, shared, renamed]


def write_feed(tmp_path, records):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def outcome_of(run) -> dict:
    """What an import reported, and what it wrote (each service imported, as exported)."""
    results = list(
        run.results.order_by("position").values_list(
            "position", "record_id", "name", "outcome", "reasons", "notes"
        )
    )
    ids = list(m.Service.objects.order_by("id").values_list("id", flat=True))
    text = export_rows.records_json(ids, export_rows.Terms(export._partnership_terms()))
    records = [
        {k: v for k, v in item.items() if k != "last_modified"} for item in json.loads(f"[{text}]")
    ]
    counts = {name: getattr(run, name) for name in importing.COUNTS}
    # The search text (made ahead by a worker, or by the importer): not in the export.
    # On SQLite also the full-text index's terms (made ahead with the text); None elsewhere.
    search = list(
        m.Service.objects.order_by("id").values_list("search_text", "search_key", "search_terms")
    )
    return {
        "results": results,
        "counts": counts,
        "records": len(ids),
        "data": records,
        "search": search,
    }


@pytest.mark.django_db
def test_records_made_from_rows_are_the_serializers_byte_for_byte(mocks, tmp_path):
    importing.import_oruk(str(write_feed(tmp_path, feed_records(mocks))))
    ids = list(m.Service.objects.order_by("name", "id").values_list("id", flat=True))
    assert len(ids) > 40
    terms = export_rows.Terms(export._partnership_terms())
    for start in range(0, len(ids), 7):  # batches, as the export reads them
        batch = ids[start : start + 7]
        assert export_rows.records_json(batch, terms) == serializers_json(batch)


@pytest.mark.django_db
def test_an_id_not_found_is_left_out():
    ids = list(m.Service.objects.order_by("id").values_list("id", flat=True)[:3])
    terms = export_rows.Terms(export._partnership_terms())
    text = export_rows.records_json([ids[0], uuid.uuid4(), ids[2]], terms)
    assert text == serializers_json([ids[0], ids[2]])


def read_ahead_in_this_process(self, batches):
    """Importer.read_ahead as with workers, in this process: the records sent and their
    readings pass through pickle, as they pass between processes."""
    pre_read.start(self.vocabulary)
    for batch, stopped in batches:
        to_read = pre_read.prepare(batch, self.vocabulary.namespace)
        sent = pickle.loads(pickle.dumps(copy.deepcopy(to_read)))
        readings = pickle.loads(pickle.dumps(pre_read.read_records(sent)))
        yield (batch, stopped), pre_read.combine(readings)


@pytest.mark.django_db
@pytest.mark.parametrize("batch_size", [3, 500])
def test_records_read_ahead_import_as_records_read_in_turn(
    mocks, tmp_path, monkeypatch, batch_size
):
    monkeypatch.setattr(importing, "BATCH_SIZE", batch_size)
    path = write_feed(tmp_path, feed_records(mocks))
    outcomes = []
    for read_ahead in (None, read_ahead_in_this_process):
        with transaction.atomic():
            if read_ahead:
                monkeypatch.setattr(importing.Importer, "read_ahead", read_ahead)
            first = outcome_of(importing.import_oruk(str(path)))
            again = outcome_of(importing.import_oruk(str(path)))  # unchanged: skipped
            outcomes.append((first, again))
            for service in m.Service.objects.all():  # SQLite: the terms a save would make
                terms = search_terms_of(service.name, service.search_text)
                assert service.search_terms == terms, (read_ahead, service.name)
            transaction.set_rollback(True)
    plain, ahead = outcomes
    assert plain == ahead
    if batch_size == 500:  # both in one batch
        (shared,) = [text for text, _k, _t in plain[0]["search"] if text.startswith("shared")]
        assert shared.endswith("\nrenamed providers")
    counts = plain[0]["counts"]
    assert counts["created"] > 20 and counts["failed"] and counts["skipped"]
    assert plain[1]["counts"]["created"] == 0 and plain[1]["counts"]["skipped"] > 20


def test_a_record_that_needs_the_directory_or_looks_unchanged_is_left_for_the_importer():
    vocabulary = pre_read.OfflineVocabulary.__new__(pre_read.OfflineVocabulary)
    vocabulary.namespace, vocabulary.taxonomy_of, vocabulary.partnership = "feed", {}, {}
    pre_read.STATE["vocabulary"] = vocabulary
    by_id = record("Named by id")
    del by_id["organization"]
    by_id["organization_id"] = str(uuid.uuid4())
    nameless = record("No name")
    del nameless["name"]
    unchanged = record("Imported before")
    readings = pre_read.read_records(
        [
            (0, *pre_read._as_sent(by_id), None),
            (1, None, nameless, None),
            (2, *pre_read._as_sent(unchanged), pre_read.fingerprint(unchanged)),
        ]
    )
    (first, second, third) = pre_read.combine(readings)
    assert not first.read and first.fingerprint == pre_read.fingerprint(by_id)
    assert second.invalid[0] == ["name: missing (the standard requires it)"]
    # One imported before with the same fingerprint (likely skipped) is not read.
    assert not third.read and third.fingerprint == pre_read.fingerprint(unchanged)


# --- real worker processes (PostgreSQL: a second process sees its test database) ------------


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Worker processes need a database they can see: the PostgreSQL pass")


def _square(number):
    return number * number


@pytest.mark.django_db(transaction=True)
def test_work_in_worker_processes_comes_back_in_order(postgresql_only):
    assert parallel.can_fork()
    assert list(parallel.ordered(_square, range(25), workers=2)) == [n * n for n in range(25)]


@pytest.mark.django_db(transaction=True)
def test_export_with_workers_is_the_export_without(postgresql_only, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "BATCH", 5)
    files = {}
    for workers in (1, 2):
        files[workers] = tmp_path / f"export-{workers}.json"
        call_command("export_oruk", output=str(files[workers]), workers=workers)
    assert files[1].read_bytes() == files[2].read_bytes()
    assert len(json.loads(files[2].read_text(encoding="utf-8"))["contents"]) > 10


@pytest.mark.django_db(transaction=True)
def test_import_with_workers_is_the_import_without(postgresql_only, mocks, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "BATCH_SIZE", 4)
    path = write_feed(tmp_path, feed_records(mocks))
    with transaction.atomic():  # without workers (none in a transaction), then undone
        plain = outcome_of(importing.import_oruk(str(path)))
        transaction.set_rollback(True)
    run = importing.run_oruk_import(importing.start_run(str(path)), workers=2)
    assert outcome_of(run) == plain


def test_a_record_goes_to_a_worker_marshalled_unless_marshal_cannot_write_it():
    import marshal
    from decimal import Decimal

    plain = record("Plain", description="Café\u2019s “quotes”", minimum_age=1.5, extra=[None])
    sent, itself = pre_read._as_sent(plain)
    assert itself is None and marshal.loads(sent) == plain
    assert list(marshal.loads(sent)) == list(plain)  # the keys in the same order
    odd = {"id": "x", "amount": Decimal("1.50")}
    assert pre_read._as_sent(odd) == (None, odd)


@pytest.mark.django_db
def test_models_packed_for_the_importer_come_back_the_same():
    organisation = m.Organisation(id=uuid.uuid4(), name="Org", description="")
    service = m.Service(id=uuid.uuid4(), name="Packed", organisation_id=organisation.id)
    saved = m.Organisation.objects.order_by("id").first()
    link = m.ServiceAtLocation(id=uuid.uuid4(), service=service, location_id=uuid.uuid4())
    (back_service, back_saved, back_link) = pickle.loads(pre_read.pack([service, saved, link]))
    for before, after in ((service, back_service), (saved, back_saved), (link, back_link)):
        assert type(after) is type(before)
        assert {k: v for k, v in vars(after).items() if k != "_state"} == {
            k: v for k, v in vars(before).items() if k != "_state"
        }
        assert (after._state.adding, after._state.db) == (before._state.adding, before._state.db)
    assert back_saved._state.adding is False and back_saved._state.db == "default"
    assert back_link.service is back_service  # the related object cached, as it was
    assert back_link.service_id == service.id


@pytest.mark.django_db
def test_rows_copied_are_the_rows_inserted(postgresql_only, mocks, tmp_path, monkeypatch):
    """PostgreSQL: rows written through COPY and a temporary table (upsert._copied) are those
    written as one INSERT's values, new and updated, reports and all."""
    records = feed_records(mocks)
    path = write_feed(tmp_path, records)
    changed = copy.deepcopy(records)
    for item in changed:
        if isinstance(item, dict) and isinstance(item.get("description"), str):
            item["description"] += " (changed)"
    changed_path = tmp_path / "changed.json"
    changed_path.write_text(json.dumps(changed), encoding="utf-8")
    outcomes = []
    for copy_from in (10**9, 0):  # never copied, then always
        monkeypatch.setattr(upsert, "COPY_FROM", copy_from)
        with transaction.atomic():
            new = outcome_of(importing.import_oruk(str(path)))
            updated = outcome_of(importing.import_oruk(str(changed_path)))
            outcomes.append((new, updated))
            transaction.set_rollback(True)
    inserted, copied = outcomes
    assert inserted == copied
    assert inserted[1]["counts"]["updated"] > 20
