"""json_records.py: a feed file's records, decoded a window of text at a time. The windows are
made tiny here, so every record, string, escape and number is cut by a window's end somewhere."""

import json

import pytest

from familyhub.interchange import json_records
from familyhub.interchange.json_records import Broken, records

RECORDS = [
    {"id": "a", "name": "Café “Ça va” – ørsted 🙂", "latitude": 51.3811, "age": 12345678},
    {"id": "b", "text": 'line\nbreak \\ back "quoted" \u00e9\U0001f642', "flags": [True]},
    {"id": "c", "nested": {"deep": [[1, 2.5e3, None, False], {"x": -0.0001}]}},
    12345,
    -3.25e-2,
    2e10,
    "a record that is only text",
]


@pytest.fixture(params=[1, 3, 7, 64, 1 << 22], ids=lambda size: f"window {size}")
def window(request, monkeypatch):
    monkeypatch.setattr(json_records, "READ", request.param)
    return request.param


def written(tmp_path, text: str, *, encoding="utf-8"):
    path = tmp_path / "feed.json"
    path.write_bytes(text.encode(encoding))
    return path


def test_every_record_comes_back_as_json_gives_it_with_its_own_text(tmp_path, window):
    for text in (json.dumps(RECORDS), json.dumps(RECORDS, indent=2, ensure_ascii=False)):
        path = written(tmp_path, text)

        read = list(records(path, None))

        assert [value for value, _text in read] == RECORDS
        assert [json.loads(text) for _value, text in read] == RECORDS


def test_a_page_with_keys_before_and_after_its_list(tmp_path, window):
    page = {"total_items": 5, "contents": RECORDS, "last_page": True, "links": {"x": [1]}}
    path = written(tmp_path, "\ufeff" + json.dumps(page, indent=1))

    assert [value for value, _text in records(path, "contents")] == RECORDS


def test_an_empty_list(tmp_path, window):
    path = written(tmp_path, '{"total_items": 0, "contents": [ ] }')

    assert list(records(path, "contents")) == []


@pytest.mark.parametrize(
    ("text", "read_first", "reason"),
    [
        ('[{"id": "a"}, {"id": "b", "name": "cut her', 1, "the file ends part way through"),
        ('[{"id": "a"}, {"id": "b"}', 2, "the file ends part way through"),
        ('[{"id": "a"}, nonsense]', 1, "expecting value (at “nonsense]”)"),
        ('[{"id": "a"} {"id": "b"}]', 1, "expected “,”, found “{”"),
        ('[{"id": "a", "n": NaN}]', 0, "NaN is not a JSON value"),
        ('{"contents": [{"id": "a"}], 5: 6}', 1, "a key of the feed's object is not text"),
        ('[{"id": "a"}] trailing', 1, "there is more after the feed's JSON (at “trailing”)"),
        ('{"contents": [{"id": "a"}], "x": oops}', 1, "expecting value (at “oops}”)"),
    ],
)
def test_where_the_file_stops_being_json_the_records_before_it_are_given(
    tmp_path, window, text, read_first, reason
):
    key = "contents" if text.startswith("{") else None
    read = []
    with pytest.raises(Broken) as broken:
        for value, _text in records(written(tmp_path, text), key):
            read.append(value)

    assert len(read) == read_first
    assert reason in broken.value.reason


def test_text_that_is_not_utf8_ends_the_file_after_the_records_before_it(tmp_path, window):
    path = tmp_path / "feed.json"
    before = [{"id": str(n), "name": "Caf\u00e9 " * n} for n in range(40)]
    path.write_bytes(json.dumps(before).encode()[:-1] + b', {"id": "bad", "name": "caf\xe9"}]')

    read = []
    with pytest.raises(Broken, match="not UTF-8"):
        for value, _text in records(path, None):
            read.append(value)

    assert read == before


def test_a_record_longer_than_any_should_be_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(json_records, "READ", 16)
    monkeypatch.setattr(json_records, "LONGEST", 100)
    path = written(tmp_path, json.dumps([{"id": "a", "text": "x" * 500}]))

    with pytest.raises(Broken, match="longer than"):
        list(records(path, None))
