"""A record's fingerprint (pre_read.fingerprint): what the importer keeps of a record it wrote,
to skip it next time if it has not changed. It is made by orjson (keys sorted); a record
imported by an earlier release kept the standard library's (legacy_fingerprint): that record is
still known unchanged, not written again, and its fingerprint is kept the new way from then on."""

import hashlib
import json

import pytest

from familyhub.directory import models as m
from familyhub.interchange import feed_pages, json_records, pre_read
from familyhub.interchange import oruk_import as importing
from familyhub.interchange.models import FeedRecord
from tests.interchange.test_oruk_import_batches import record

pytestmark = pytest.mark.django_db


def test_a_fingerprint_is_the_same_for_the_same_record_whatever_its_keys_order():
    first = record("Sleep clinic")
    reordered = dict(reversed(list(json.loads(json.dumps(first)).items())))
    changed = {**first, "description": "Help with naps."}

    printed = pre_read.fingerprint(first)

    assert printed == pre_read.fingerprint(reordered)
    assert printed != pre_read.fingerprint(changed)
    assert len(printed) == 64 and printed.startswith(pre_read.FINGERPRINT_MARK)
    assert printed != pre_read.legacy_fingerprint(first)


def test_a_record_orjson_cannot_write_is_fingerprinted_the_standard_way():
    huge = {**record("Sleep clinic"), "minimum_age": 2**70}  # beyond 64 bits

    printed = pre_read.fingerprint(huge)

    standard = json.dumps(huge, sort_keys=True, separators=(",", ":")).encode()
    assert printed == pre_read.FINGERPRINT_MARK + hashlib.sha256(standard).hexdigest()[:63]
    assert printed != pre_read.fingerprint({**huge, "minimum_age": str(2**70)})


@pytest.mark.parametrize(
    "value", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400"], ids=lambda value: value
)
def test_a_value_that_is_not_a_finite_number_is_read_as_its_text_not_as_null(value, tmp_path):
    """orjson writes NaN and infinity as null: no decoder of a feed gives them, so a record
    that changes from one to null is not taken as unchanged."""
    text = json.dumps([{"id": "a", "latitude": 1.5, "longitude": None}])
    text = text.replace("1.5", value)

    from_page = feed_pages.parse_json(text, "page")
    assert from_page[0]["latitude"] == value
    if value[-1].isdigit():  # NaN and Infinity are not JSON: a file with them is refused
        path = tmp_path / "feed.json"
        path.write_text(text, encoding="utf-8")
        from_file = [found for found, _text in json_records.records(path, None)]
        assert from_file == from_page
    null = pre_read.fingerprint({"id": "a", "latitude": None, "longitude": None})
    assert pre_read.fingerprint(from_page[0]) != null


def test_unchanged_knows_either_kind_of_fingerprint():
    first = record("Sleep clinic")
    changed = {**first, "description": "Help with naps."}
    printed = pre_read.fingerprint(first)

    assert pre_read.unchanged(first, printed, printed)
    assert pre_read.unchanged(first, printed, pre_read.legacy_fingerprint(first))
    assert not pre_read.unchanged(changed, pre_read.fingerprint(changed), printed)
    assert not pre_read.unchanged(
        changed, pre_read.fingerprint(changed), pre_read.legacy_fingerprint(first)
    )
    assert not pre_read.unchanged(first, printed, None)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_record_fingerprinted_the_earlier_way_is_skipped_and_fingerprinted_anew(
    tmp_path, workers
):
    records = [record("Sleep clinic"), record("Toddler group")]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    importing.run_oruk_import(importing.start_run(str(path)), workers=workers)
    # As a release before this one kept them:
    for data in records:
        FeedRecord.objects.filter(record_id=data["id"]).update(
            content_hash=pre_read.legacy_fingerprint(data)
        )
    modified = dict(m.Service.objects.values_list("id", "last_modified"))

    again = importing.run_oruk_import(importing.start_run(str(path)), workers=workers)

    assert (again.skipped, again.updated, again.created) == (2, 0, 0)
    assert dict(m.Service.objects.values_list("id", "last_modified")) == modified
    kept = dict(FeedRecord.objects.values_list("record_id", "content_hash"))
    assert {str(key): value for key, value in kept.items()} == {
        data["id"]: pre_read.fingerprint(data) for data in records
    }

    third = importing.run_oruk_import(importing.start_run(str(path)), workers=workers)

    assert (third.skipped, third.updated) == (2, 0)


def test_a_changed_record_fingerprinted_the_earlier_way_is_written(tmp_path):
    first = record("Sleep clinic")
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([first]), encoding="utf-8")
    importing.import_oruk(str(path))
    FeedRecord.objects.update(content_hash=pre_read.legacy_fingerprint(first))
    changed = {**first, "description": "Help with naps."}
    path.write_text(json.dumps([changed]), encoding="utf-8")

    again = importing.import_oruk(str(path))

    assert again.updated == 1
    assert m.Service.objects.get(id=first["id"]).description == "Help with naps."
    assert FeedRecord.objects.get().content_hash == pre_read.fingerprint(changed)


def test_a_worker_does_not_read_a_record_unchanged_since_an_earlier_release_imported_it():
    vocabulary = pre_read.OfflineVocabulary.__new__(pre_read.OfflineVocabulary)
    vocabulary.namespace, vocabulary.taxonomy_of, vocabulary.partnership = "feed", {}, {}
    pre_read.STATE["vocabulary"] = vocabulary
    unchanged, changed = record("Imported before"), record("Changed since")
    sent = [
        (0, *pre_read._as_sent(unchanged), pre_read.legacy_fingerprint(unchanged)),
        (1, *pre_read._as_sent(changed), pre_read.legacy_fingerprint(record("Changed"))),
    ]

    first, second = pre_read.combine(pre_read.read_records(sent))

    assert not first.read and first.fingerprint == pre_read.fingerprint(unchanged)
    assert second.read and second.fingerprint == pre_read.fingerprint(changed)


def test_renewing_a_fingerprint_leaves_where_the_record_came_from(tmp_path):
    records = [record("Sleep clinic")]
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    for path in (first, second):
        path.write_text(json.dumps(records), encoding="utf-8")
    importing.import_oruk(str(first))
    FeedRecord.objects.update(content_hash=pre_read.legacy_fingerprint(records[0]))

    again = importing.import_oruk(str(second))

    assert again.skipped == 1
    kept = FeedRecord.objects.get()
    assert (kept.source, kept.content_hash) == (str(first), pre_read.fingerprint(records[0]))


def test_a_record_written_in_the_batch_keeps_its_fingerprint_over_a_renewal(tmp_path):
    """Two spellings of one id in a feed: the one that changed is written, and the other,
    unchanged since an earlier release, does not put its fingerprint over the written one's."""
    original = record("Sleep clinic")
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([original]), encoding="utf-8")
    importing.import_oruk(str(path))
    FeedRecord.objects.update(content_hash=pre_read.legacy_fingerprint(original))
    changed = {**original, "id": original["id"].upper(), "description": "Help with naps."}
    path.write_text(json.dumps([changed, original]), encoding="utf-8")

    again = importing.import_oruk(str(path))

    assert (again.updated, again.skipped) == (1, 1)
    assert FeedRecord.objects.get().content_hash == pre_read.fingerprint(changed)


def test_a_record_with_an_id_longer_than_its_report_keeps_is_skipped_when_unchanged(tmp_path):
    """The report keeps 100 characters of an id; the service is found by the whole of it."""
    long_id = "service-" + "x" * 150
    data = {**record("Sleep clinic"), "id": long_id}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([data]), encoding="utf-8")
    first = importing.import_oruk(str(path))

    again = importing.import_oruk(str(path))

    assert first.created == 1
    assert (again.skipped, again.updated) == (1, 0)
    assert again.results.get().reasons == [importing.UNCHANGED]
