"""A record's fingerprint (pre_read.fingerprint): what the importer keeps of a record it wrote,
to skip it next time if it has not changed. It is made by orjson (keys sorted); a record
imported by an earlier release kept the standard library's (legacy_fingerprint): that record is
still known unchanged, not written again, and its fingerprint is kept the new way from then on."""

import json

import pytest

from familyhub.directory import models as m
from familyhub.interchange import oruk_import as importing
from familyhub.interchange import pre_read
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

    assert printed.startswith(pre_read.FINGERPRINT_MARK)
    assert printed != pre_read.fingerprint({**huge, "minimum_age": 2**71})


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
