"""A feed file is read a record at a time (json_records.py), not whole: what comes before the first
record is checked at once; a file that breaks part way keeps the records before the break."""

import codecs
import json

import pytest

from familyhub.interchange import export
from familyhub.interchange import oruk_import as importing
from familyhub.interchange.feed_pages import FeedError
from familyhub.interchange.feeds import feed_from_file
from familyhub.interchange.models import Outcome, RunStatus

pytestmark = pytest.mark.django_db


def some_records(count: int) -> list[dict]:
    records = json.loads("".join(export.oruk_json()))["contents"]
    assert len(records) >= count
    return records[:count]


def test_a_page_gives_its_total_before_any_record_is_read(tmp_path):
    records = some_records(3)
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"total_items": 3, "page_number": 1, "contents": records}))

    feed = feed_from_file(path)

    assert feed.total == 3
    assert [item.record for item in feed.items] == records


def test_a_list_and_a_single_record_are_feeds_too(tmp_path):
    records = some_records(2)
    listed, single = tmp_path / "list.json", tmp_path / "one.json"
    listed.write_text(json.dumps(records))
    single.write_text(json.dumps(records[0]))

    assert [item.record for item in feed_from_file(listed).items] == records
    one = feed_from_file(single)
    assert one.total == 1 and [item.record for item in one.items] == [records[0]]


def test_numbers_come_back_as_json_would_give_them(tmp_path):
    path = tmp_path / "list.json"
    record = {"id": "x", "latitude": 51.3811, "minimum_age": 2, "flag": True, "gone": None}
    path.write_text(json.dumps([record]))

    (item,) = feed_from_file(path).items

    assert item.record == record
    assert type(item.record["latitude"]) is float and type(item.record["minimum_age"]) is int


def test_a_byte_order_mark_is_allowed(tmp_path):
    records = some_records(1)
    path = tmp_path / "bom.json"
    path.write_bytes(codecs.BOM_UTF8 + json.dumps(records).encode())

    run = importing.import_oruk(str(path))

    assert run.status == RunStatus.FINISHED and run.processed == 1


def test_a_file_that_breaks_part_way_keeps_the_records_before_the_break(tmp_path):
    records = some_records(3)
    path = tmp_path / "cut.json"
    whole = json.dumps({"total_items": 3, "contents": records})
    # Cut in the middle of the third record, as a failed download would.
    path.write_text(whole[: whole.index(json.dumps(records[2])) + 40])

    run = importing.import_oruk(str(path))

    assert run.status == RunStatus.FAILED
    assert run.error == (
        f"{path} stops being valid JSON after record 2: the file ends part way through "
        "(was it cut short?)"
    )
    assert run.processed == 2
    assert [r.outcome for r in run.results.order_by("position")] == [Outcome.UPDATED] * 2


def test_garbage_after_a_record_is_named_with_where_it_is(tmp_path):
    records = some_records(1)
    path = tmp_path / "bad.json"
    path.write_text("[" + json.dumps(records[0]) + ", nonsense]")

    items = feed_from_file(path).items
    assert next(items).record == records[0]
    with pytest.raises(FeedError) as refused:
        next(items)
    assert str(refused.value) == (
        f"{path} stops being valid JSON after record 1: expecting value (at “nonsense]”)"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00\x00bad", "is not a UTF-8 text file: expected ORUK JSON."),
        (b"   ", "is empty: expected ORUK JSON."),
        (b"<html>oops</html>", "is not JSON (it begins “<html>oops</html>”)"),
        (b"42", "is JSON but not an ORUK feed (int)"),
        (b'{"total_items": 1, "contents": 7}', "is JSON but not an ORUK feed (an object)"),
        (b'{"total_items": 1', "is not valid JSON: the file ends part way through"),
        (b'{"total_items": 1, x}', "is not valid JSON: invalid char in json text"),
    ],
)
def test_a_file_that_is_not_a_feed_fails_before_any_record(tmp_path, content, message):
    path = tmp_path / "feed.json"
    path.write_bytes(content)

    with pytest.raises(FeedError) as refused:
        feed_from_file(path)

    assert message in str(refused.value)


def test_a_number_too_large_for_a_float_is_left_out_with_a_note(tmp_path):
    from tests.interchange.test_oruk_import_batches import record

    path = tmp_path / "huge.json"
    text = json.dumps([record("Huge place")])
    assert text.count('"latitude": 51.38') == 1
    path.write_text(text.replace('"latitude": 51.38', '"latitude": 1e400'))

    run = importing.import_oruk(str(path))

    (result,) = run.results.all()
    assert result.outcome == Outcome.CREATED
    assert any("“1e400” is not a number: left out" in note for note in result.notes), result.notes
